export type { Design, DesignChoices, DesignNode } from './design';
export * from './rules';
