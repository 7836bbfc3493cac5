/**
 * The text of every indexed file as it was at build time, by corpus-relative path (for HTML, PDF and
 * Word files, the extracted text): quotes and citations are cut from it. A file build reads a text
 * from its source file when asked (source-file.ts); a postgres generation holds them in a map.
 */
export interface SourceStore {
  get(file: string): string | undefined;
  has(file: string): boolean;
  /** Every file, in build order. */
  files(): readonly string[];
}

/** Sources held in memory. */
export class MapSourceStore implements SourceStore {
  private readonly names: readonly string[];

  constructor(private readonly texts: ReadonlyMap<string, string>) {
    this.names = [...texts.keys()];
  }

  get(file: string): string | undefined {
    return this.texts.get(file);
  }

  has(file: string): boolean {
    return this.texts.has(file);
  }

  files(): readonly string[] {
    return this.names;
  }
}
