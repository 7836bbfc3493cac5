/** Discord's message limits (characters), as the API enforces them. */
export const discordLimits = {
  content: 2000,
  embedDescription: 4096,
  embedTitle: 256,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedsPerMessage: 10,
  /** Sum of every embed's title, description, field names and values, footer and author name. */
  embedTotalPerMessage: 6000,
  customId: 100,
} as const;
