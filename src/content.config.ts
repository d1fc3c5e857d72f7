import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { callSchema, campaignSchema, organisationSchema } from './content/schemas.ts';

const fromContent = (folder: string) => glob({ pattern: '*.{md,mdx}', base: `./content/${folder}` });

export const collections = {
  calls: defineCollection({ loader: fromContent('calls'), schema: callSchema }),
  organisations: defineCollection({ loader: fromContent('organisations'), schema: ({ image }) => organisationSchema(image()) }),
  campaigns: defineCollection({ loader: fromContent('campaigns'), schema: ({ image }) => campaignSchema(image()) }),
};
