import type { FrontMatterData } from './front-matter-schema.ts';

/** A chapter's front matter (front-matter-schema.ts) with camel-case field names: YAML `source_hash` is `sourceHash`. */
export type ChapterFrontMatter = Omit<FrontMatterData, 'source_hash'> & { sourceHash?: string };

/** A Markdown chapter as read from disk, before any rendering. */
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
