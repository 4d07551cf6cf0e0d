// Migration 6: the user's playbooks (the firm's standard positions, checked against a
// template's values). Never edit once shipped.
// - playbooks holds each user playbook as its validated JSON definition (shared/playbooks),
//   keyed by name, like the user templates of migration 3. The built-ins ship in
//   resources/playbooks and are never stored. Results are not stored: they are computed
//   from the current values (a person's edit wins) every time a playbook runs.
export default /* sql */ `
CREATE TABLE playbooks (
  name        TEXT PRIMARY KEY,
  title       TEXT NOT NULL,
  template    TEXT NOT NULL,
  definition  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
`;
