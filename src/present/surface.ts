/** Where a person reads citebot. Each surface has an adapter; the words and rules are shared here. */
export type Surface = 'discord' | 'slack' | 'terminal';
