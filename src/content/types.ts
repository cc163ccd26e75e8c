/** A Markdown chapter as read from disk, before any rendering. */
export interface ChapterFrontMatter {
  title: string;
  /** Editions this chapter belongs to; absent = every edition. */
  editions?: string[];
  /** Session-plan fields, shown in the trainer edition. */
  duration?: string;
  objectives?: string[];
  materials?: string[];
  method?: string;
  /** Digest of the source-language chapter this translation was made from. */
  sourceHash?: string;
}

export interface Chapter {
  /** Absolute path. */
  file: string;
  /** Path relative to the course root, for diagnostics (always with forward slashes). */
  relPath: string;
  /** File name without directory, e.g. "02-governance.md": the key shared across languages. */
  name: string;
  /** Language this chapter is written in (may differ from the book language when it fell back). */
  lang: string;
  frontMatter: ChapterFrontMatter;
  /** Markdown after the front matter. */
  body: string;
  /** 1-based line number in the file where `body` starts (for diagnostics). */
  bodyStartLine: number;
  /** Line of each front-matter key, for diagnostics about a key's value. */
  frontMatterLines: Record<string, number>;
  /** True when this chapter is the source-language file used because the translation is missing. */
  fallback: boolean;
}
