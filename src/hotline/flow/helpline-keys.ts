import type { Directory } from '../helplines/directory.js';
import type { PromptKey } from '../prompts/prompt-key.js';

/** The prompts that speak of one helpline. */
export interface HelplineKeys {
  /** "Police, emergency: [[police-emergency]]. Again: …", in the list of numbers. */
  readonly number: PromptKey;
  /** For helplines that can be dialled: the name, the introduction before a transfer, the label in the helplines menu. */
  readonly name: PromptKey | undefined;
  readonly intro: PromptKey | undefined;
  readonly label: PromptKey | undefined;
}

/** The raw key names of a helpline's prompts; `checkedKey` turns each into a key that exists. */
export const helplineKeyNames = (id: string) => ({
  number: `numbers.lines.${id}`,
  name: `helplines.${id}.name`,
  intro: `helplines.${id}.intro`,
  label: `helplinesMenu.labels.${id}`,
});

/**
 * The prompt keys of every helpline, checked once at start-up: every number needs its sentence in the
 * list of numbers, and every helpline that can be dialled a name, an introduction and a menu label.
 * `checkedKey` throws, with a sentence naming the key, when the reference prompts lack one.
 */
export function buildHelplineKeys(directory: Directory, checkedKey: (raw: string) => PromptKey): (id: string) => HelplineKeys {
  const byId = new Map(
    directory.helplines.map((helpline) => {
      const names = helplineKeyNames(helpline.id);
      const keys: HelplineKeys = {
        number: checkedKey(names.number),
        name: helpline.dial ? checkedKey(names.name) : undefined,
        intro: helpline.dial ? checkedKey(names.intro) : undefined,
        label: helpline.dial ? checkedKey(names.label) : undefined,
      };
      return [helpline.id, keys] as const;
    }),
  );
  return (id) => {
    const keys = byId.get(id);
    if (!keys) throw new Error(`"${id}" is not a helpline in the directory.`);
    return keys;
  };
}
