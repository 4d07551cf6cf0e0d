// `templates list | show <name> | add <file>`: the extraction templates. `add` validates the
// file and stores it as a user template (a built-in's name is refused; copy it under a new name).
import fs from 'node:fs';
import type { CommandContext } from './commands';
import { UsageError } from './commands';
import { table } from './output';

export async function templatesCommand({ services, out, args }: CommandContext): Promise<number> {
  const [action, arg] = args;
  const { templates } = services.extraction;
  switch (action) {
    case 'list': {
      const items = templates.list();
      out.result({ templates: items }, () =>
        table([
          ['NAME', 'TITLE', 'DOMAIN', 'FIELDS', 'KIND'],
          ...items.map((t) => [t.name, t.title, t.domain, t.fields, t.builtIn ? 'built-in' : 'user']),
        ]),
      );
      return 0;
    }
    case 'show': {
      if (!arg) throw new UsageError('templates show needs a template name');
      const template = templates.get(arg);
      out.result({ template, builtIn: templates.isBuiltIn(arg) }, () =>
        [
          `${template.title} (${template.name}, v${template.version}, ${template.domain})`,
          template.description,
          '',
          table(template.fields.map((f) => [f.key, f.type, f.required ? 'required' : '', f.label])),
        ].join('\n'),
      );
      return 0;
    }
    case 'add': {
      if (!arg) throw new UsageError('templates add needs a JSON file');
      const template = templates.save(fs.readFileSync(arg, 'utf8'));
      out.result({ template }, () => `Saved template "${template.name}" with ${template.fields.length} fields.`);
      return 0;
    }
    default:
      throw new UsageError('templates needs one of: list, show <name>, add <file>');
  }
}
