import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import {
  callEnSchema,
  callSchema,
  campaignEnSchema,
  campaignSchema,
  infodayEnSchema,
  infodaySchema,
  organisationEnSchema,
  organisationSchema,
  pageEnSchema,
  pageSchema,
  pathEnSchema,
  pathSchema,
  updateEnSchema,
  updateSchema,
} from './content/schemas.ts';

// Italian files at the top of each folder hold every field; English ones in en/ only the translatable fields.
const fromContent = (folder: string) => glob({ pattern: '*.{md,mdx}', base: `./content/${folder}` });
const englishOf = (folder: string) => glob({ pattern: '*.{md,mdx}', base: `./content/${folder}/en` });

export const collections = {
  calls: defineCollection({ loader: fromContent('calls'), schema: callSchema }),
  organisations: defineCollection({ loader: fromContent('organisations'), schema: ({ image }) => organisationSchema(image()) }),
  campaigns: defineCollection({ loader: fromContent('campaigns'), schema: ({ image }) => campaignSchema(image()) }),
  updates: defineCollection({ loader: fromContent('updates'), schema: updateSchema }),
  infodays: defineCollection({ loader: fromContent('infodays'), schema: infodaySchema }),
  paths: defineCollection({ loader: fromContent('paths'), schema: pathSchema }),
  pages: defineCollection({ loader: fromContent('pages'), schema: pageSchema }),
  callsEn: defineCollection({ loader: englishOf('calls'), schema: callEnSchema }),
  organisationsEn: defineCollection({ loader: englishOf('organisations'), schema: organisationEnSchema }),
  campaignsEn: defineCollection({ loader: englishOf('campaigns'), schema: campaignEnSchema }),
  updatesEn: defineCollection({ loader: englishOf('updates'), schema: updateEnSchema }),
  infodaysEn: defineCollection({ loader: englishOf('infodays'), schema: infodayEnSchema }),
  pathsEn: defineCollection({ loader: englishOf('paths'), schema: pathEnSchema }),
  pagesEn: defineCollection({ loader: englishOf('pages'), schema: pageEnSchema }),
};
