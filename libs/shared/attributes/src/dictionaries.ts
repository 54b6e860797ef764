import { ISTIO_1_2_GLOBAL_WORDS } from './global-words';

/**
 * The deployment-wide word list both ends know in advance. Index >= 0 on the wire means
 * "position in this list"; mixer rejects a caller that claims to know more words than it does.
 */
export class GlobalDictionary {
  private readonly positions = new Map<string, number>();

  constructor(readonly words: readonly string[]) {
    // First occurrence wins, so an accidental duplicate can never change an existing index.
    words.forEach((word, index) => {
      if (!this.positions.has(word)) this.positions.set(word, index);
    });
  }

  get size(): number {
    return this.words.length;
  }

  /** The wire index of `word`, or undefined when the word is not in the dictionary. */
  indexOf(word: string): number | undefined {
    return this.positions.get(word);
  }
}

/** The dictionary Istio 1.2's mixer and proxies compile in. */
export const ISTIO_1_2_GLOBAL_DICTIONARY = new GlobalDictionary(ISTIO_1_2_GLOBAL_WORDS);

/**
 * Builds a per-message word list while encoding: each new word is appended and referred to by
 * the negative index -1 - position. Shared across a batch it becomes ReportRequest.default_words.
 */
export class MessageWordTable {
  private readonly list: string[] = [];
  private readonly positions = new Map<string, number>();

  /** The negative wire index for `word`, adding it on first use. */
  indexOf(word: string): number {
    let position = this.positions.get(word);
    if (position === undefined) {
      position = this.list.length;
      this.list.push(word);
      this.positions.set(word, position);
    }
    return -1 - position;
  }

  get size(): number {
    return this.list.length;
  }

  /** A copy of the words added so far, in index order. */
  words(): string[] {
    return [...this.list];
  }
}
