import type { embed as It } from '../it/embed.ts';

export const embed: typeof It = {
  title: 'Embed on your website',
  intro:
    'Copy this code into a page of your website: it shows the live total, or the form to give, and adapts to the height of its content.',
  widget: 'What to show',
  widgetProgress: 'Fundraising progress',
  widgetDonate: 'Donation form',
  language: 'Language',
  accent: 'Main colour',
  code: 'Code to copy',
  copy: 'Copy the code',
  copied: 'Code copied.',
  copyFailed: 'Copying did not work: select the text and copy it by hand.',
  preview: 'Preview',
  showPreview: 'Show the preview',
  demoBanner: 'payments are simulated and no money is collected.',
  frameTitle: (kind: 'progress' | 'donate', title: string) => `${kind === 'donate' ? 'Give to' : 'Fundraising for'} “${title}”`,
};
