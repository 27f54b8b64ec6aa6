import { splitGlob } from './layout.js';

/** The YAML front matter of a dataset card, as the Hub reads it (`cardData`). */
export interface CardData {
  configs: { config_name: string; data_files: { split: string; path: string }[] }[];
}

/** A version without data has no config: there is nothing to load. Each split's shards are named by a glob, as the Hub writes them. */
export const cardDataOf = (splits: string[]): CardData => ({
  configs: splits.length ? [{ config_name: 'default', data_files: splits.map((split) => ({ split, path: splitGlob(split) })) }] : [],
});

/** JSON strings are YAML double-quoted scalars, so any name or text is written safely. */
const scalar = (value: string) => JSON.stringify(value);

/** The dataset card: front matter naming the data files per split, then the dataset's name and description. */
export function cardText(name: string, description: string | null, card: CardData): string {
  const lines = ['---', card.configs.length ? 'configs:' : 'configs: []'];
  for (const config of card.configs) {
    lines.push(`- config_name: ${scalar(config.config_name)}`, '  data_files:');
    for (const file of config.data_files) lines.push(`  - split: ${scalar(file.split)}`, `    path: ${scalar(file.path)}`);
  }
  lines.push('---', '', `# ${name}`, '');
  if (description) lines.push(description, '');
  return lines.join('\n');
}
