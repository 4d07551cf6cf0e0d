// A unique key per imported file, echoed back by `import:progress` events.
let counter = 0;

export function newFileKey(): string {
  counter += 1;
  const random =
    typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
      ? crypto.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return `${random}-${counter}`;
}
