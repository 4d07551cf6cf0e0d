// How this CLI was started: from its TypeScript source under tsx (`npm run cli`, development
// and tests) or as the built `abstractor` bin (out/main/cli.js under plain Node).
export const RUN_FROM_SOURCE = import.meta.url.endsWith('.ts');

/** What the user types to run it, for the usage text and the hints the commands print. */
export const CLI_COMMAND = RUN_FROM_SOURCE ? 'npm run --silent cli --' : 'abstractor';
