/*
 * themetag.h - the whole public API of libthemetag.
 *
 * themetag tags every sentence of a speech with policy themes. The pipeline is
 *   reader -> segmenter -> tokenizer -> normaliser -> matcher -> writer
 * and this header exposes each stage so that programs (the themetag CLI among them)
 * never need anything else.
 *
 * Objects and ownership
 *   tt_engine   immutable after tt_engine_new(): the compiled rule set and the shared
 *               dictionaries. One engine may be used by any number of threads at once.
 *   tt_scanner  per-thread mutable state (stemmer, word cache, result arrays). Create one
 *               per thread with tt_scanner_new(); never share one between threads.
 *   tt_reader   splits an input stream into documents; one per stream, one thread at a time.
 *
 * Every *_new has a *_free; every *_free accepts NULL. Pointers returned by a scanner or
 * a reader are owned by it and stay valid until the next call on the same object, unless
 * the function says otherwise. Offsets are 0-based byte offsets into the caller's text,
 * end exclusive. Library code never prints and never exits (except on out-of-memory,
 * where it prints one line and aborts); details of errors go through the diagnostics
 * callback.
 */
#ifndef THEMETAG_H
#define THEMETAG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TT_VERSION "0.1.0"

/* Status codes. The CLI maps them to exit statuses 0/1/2/3 (see README). */
typedef enum tt_status {
    TT_OK = 0,
    TT_END,          /* no more documents (tt_reader_next) */
    TT_ERR_UTF8,     /* invalid UTF-8 in input (and not lenient) */
    TT_ERR_INPUT,    /* malformed input other than UTF-8 (bad JSONL line) */
    TT_ERR_IO,       /* a file could not be opened or read; errno-based message */
    TT_ERR_RULES,    /* rule or lexicon files have errors (reported through diagnostics) */
    TT_ERR_RESOURCE, /* a dictionary or other resource is missing */
    TT_ERR_ARG       /* a bad argument from the caller */
} tt_status;

/* A short English name of a status ("invalid UTF-8"); static storage. */
const char *tt_status_name(tt_status s);

/* ---------------------------------------------------------------- diagnostics */

typedef enum tt_severity { TT_NOTE, TT_WARNING, TT_ERROR } tt_severity;

/* One diagnostic. All strings are valid only during the callback.
 * file: the file or document name ("-" for standard input), or NULL.
 * line, col: 1-based position in a rule file; 0 when not applicable.
 * byte: 0-based byte offset in a document or input line, or -1.
 * source: the whole source line the position refers to (no line end), or NULL. */
typedef struct tt_diag {
    tt_severity severity;
    const char *file;
    unsigned line, col;
    long long byte;
    const char *message;
    const char *source;
} tt_diag;

typedef void (*tt_diag_fn)(const tt_diag *d, void *userdata);

/* ---------------------------------------------------------------- UTF-8 */

/* Checks that text[0..len) is well-formed UTF-8 (no overlong forms, no surrogates, nothing
 * above U+10FFFF, no truncated sequence). Returns 1 when valid; otherwise 0 and stores the
 * offset of the first byte of the first bad sequence in *bad (when bad is not NULL). */
int tt_utf8_valid(const char *text, size_t len, size_t *bad);

/* ---------------------------------------------------------------- engine */

typedef struct tt_engine tt_engine;

enum {
    TT_ENGINE_WARNINGS = 1, /* report the compiler's warnings (unused lexicons, duplicates ...) */
    TT_ENGINE_LINT = 2      /* also check every lexicon word against the dictionaries */
};

typedef struct tt_engine_config {
    /* Folder holding rules/themetag.rules and lexicons/; NULL: an engine without themes. */
    const char *rules_dir;
    unsigned flags; /* TT_ENGINE_* */
    /* Folder holding en_US.aff/.dic and en_GB.aff/.dic; NULL: $THEMETAG_DICT_DIR, else
     * /usr/share/hunspell. */
    const char *dict_dir;
    tt_diag_fn diag;   /* may be NULL: diagnostics are dropped */
    void *diag_userdata;
} tt_engine_config;

/* Builds an engine. On success stores it in *out and returns TT_OK; otherwise *out is NULL,
 * the reasons went to cfg->diag, and the status says which kind of failure. */
tt_status tt_engine_new(const tt_engine_config *cfg, tt_engine **out);
void tt_engine_free(tt_engine *e);

/* Themes in the declared order. Strings are owned by the engine. */
size_t tt_engine_theme_count(const tt_engine *e);
const char *tt_engine_theme_name(const tt_engine *e, size_t i);
const char *tt_engine_theme_description(const tt_engine *e, size_t i);
/* The index of the theme named name[0..len), or -1. */
int tt_engine_theme_index(const tt_engine *e, const char *name, size_t len);

/* Rules in the order of the rule files; their names, themes (index) and notes (or NULL). */
size_t tt_engine_rule_count(const tt_engine *e);
const char *tt_engine_rule_name(const tt_engine *e, size_t i);
size_t tt_engine_rule_theme(const tt_engine *e, size_t i);
const char *tt_engine_rule_note(const tt_engine *e, size_t i);
/* The index of the rule named name, or -1. */
long tt_engine_rule_index(const tt_engine *e, const char *name);

/* ---------------------------------------------------------------- scanner */

/* Output goes through a sink, so that the caller decides where bytes go (a FILE, a buffer
 * kept for ordered parallel output). The sink returns 0 on success. */
typedef int (*tt_sink_fn)(const char *bytes, size_t len, void *userdata);


typedef struct tt_scanner tt_scanner;

/* NULL only when the stemmer cannot be created (a broken libstemmer install). */
tt_scanner *tt_scanner_new(const tt_engine *e);
void tt_scanner_free(tt_scanner *s);

typedef struct tt_span {
    size_t start, end;
} tt_span;

/* Splits text[0..len) into sentences (see README, "Sentences"). Spans are in order, never
 * overlap, start and end on non-whitespace, and only whitespace lies between them.
 * The array is owned by the scanner, valid until the next call on it. */
tt_status tt_scanner_segment(tt_scanner *s, const char *text, size_t len,
                             const tt_span **spans, size_t *n);

/* Token flags. */
enum {
    TT_TOK_WORD = 1u << 0,      /* letters (and maybe digits, apostrophes) */
    TT_TOK_NUMBER = 1u << 1,    /* digits, maybe with internal . or , (3.2, 110,000) */
    TT_TOK_ACRONYM = 1u << 2,   /* two or more capitals (UN, ICTs, U.N.) */
    TT_TOK_COMPOUND = 1u << 3,  /* hyphenated whole (counter-terrorism); parts follow it */
    TT_TOK_PART = 1u << 4,      /* one part of the compound before it */
    TT_TOK_CAPITAL = 1u << 5,   /* first letter upper case */
    TT_TOK_POSSESSIVE = 1u << 6 /* a possessive 's or ' followed the word (excluded from span) */
};

/* One token. start/end index the caller's text; the strings are owned by the scanner.
 * surface: the word as written (case kept; apostrophes made ASCII; a line-end hyphenation
 * and soft hyphens dropped; a compound's parts joined by '-').
 * fold: surface case-folded.
 * key: the form that is normalised (fold without hyphens; acronym plural s dropped).
 * canon: key with British spellings made American (organisation -> organization).
 * stem: the Snowball English stem of canon (acronyms and numbers are their own stem).
 * pos, last: 0-based word positions in the sentence; a word has one (pos == last); each part
 * of a compound has its own, and the whole spans its parts' positions. */
typedef struct tt_token {
    size_t start, end;
    unsigned flags;
    unsigned pos, last;
    const char *surface;
    const char *fold;
    const char *key;
    const char *canon;
    const char *stem;
} tt_token;

/* Tokenizes and normalises text[start..end). The array is owned by the scanner, valid until
 * the next call on it. */
tt_status tt_scanner_tokens(tt_scanner *s, const char *text, size_t start, size_t end,
                            const tt_token **toks, size_t *n);

/* Normalises one word (any case): stores the American spelling and the stem, both owned by
 * the scanner's word cache and valid until tt_scanner_free. */
tt_status tt_scanner_normalize(tt_scanner *s, const char *word, size_t len,
                               const char **canon, const char **stem);

/* Sets the labels of "the sentence before" for the next TT_CONTINUE classification. */
void tt_scanner_set_context(tt_scanner *s, uint64_t previous_labels);

/* Checks the rule files' inline examples (example THEME: "..." must get THEME; example not
 * THEME: "..." must not). Each failure is reported through diag as an error at the example's
 * line, with the reason; each rule (without 'after') that no positive example gets its theme
 * from alone, as a note at the rule. Returns the number of failures. */
size_t tt_scanner_check_examples(tt_scanner *s, tt_diag_fn diag, void *userdata);

/* Classifies text[start..end) as one sentence (trimmed of whitespace) and writes why each
 * theme was or was not given: the words with their stems, every rule that fired with what it
 * matched, and for each theme not given the rule that came nearest and what it lacked.
 * Offsets shown are offsets into text. */
tt_status tt_scanner_explain(tt_scanner *s, const char *text, size_t start, size_t end,
                             tt_sink_fn sink, void *userdata);

/* Number of inline examples in the rule files. */
size_t tt_engine_example_count(const tt_engine *e);

/* Lexicon entries and inline terms (what evidence names): the text as written, the lexicon
 * ("@name") or inline term it belongs to, and where it is written. */
size_t tt_engine_entry_count(const tt_engine *e);
const char *tt_engine_entry_text(const tt_engine *e, size_t i);
const char *tt_engine_entry_group(const tt_engine *e, size_t i);
const char *tt_engine_entry_file(const tt_engine *e, size_t i, unsigned *line);

/* Totals since the scanner was made: sentences classified and tokens (words) analysed. */
void tt_scanner_counts(const tt_scanner *s, unsigned long long *sentences,
                       unsigned long long *tokens);

/* Sentences in which rule (index, see tt_engine_rule_name) matched and its 'unless' vetoed it,
 * since the scanner was made (explanations and examples count too). */
size_t tt_scanner_vetoes(const tt_scanner *s, size_t rule);

/* Cache statistics: word types analysed so far and lookups answered from the cache. */
void tt_scanner_cache_stats(const tt_scanner *s, size_t *types, size_t *hits);

/* Why a label was given: rule (index, see tt_engine_rule_name) and its theme, the byte span
 * of the text it matched (offsets into the classified text), and the lexicon entry or inline
 * term that matched it (see tt_engine_entry_text). */
typedef struct tt_evidence {
    size_t rule;
    size_t theme;
    size_t start, end;
    size_t entry;
} tt_evidence;

/* One classified sentence. labels: bit i set when theme i (declared order) applies.
 * evidence: what the rules that fired matched, in text order (owned by the scanner). */
typedef struct tt_sentence {
    size_t start, end;
    uint64_t labels;
    const tt_evidence *evidence;
    size_t nevidence;
} tt_sentence;

enum {
    TT_SEGMENT = 0,      /* split the text into sentences first */
    TT_ONE_SENTENCE = 1, /* the text is one sentence already */
    TT_CONTINUE = 2      /* with TT_ONE_SENTENCE: it follows the sentence this scanner classified
                          * last, in the same document (rules that say "after THEME" see it) */
};

/* Classifies text[0..len): segments it (mode TT_SEGMENT) or takes it as one sentence
 * (TT_ONE_SENTENCE, maybe | TT_CONTINUE; the span is trimmed of whitespace, and empty text
 * gives no sentence). Within a segmented text each sentence sees the labels of the one
 * before it.
 * The array is owned by the scanner, valid until the next call on it. */
tt_status tt_scanner_classify(tt_scanner *s, const char *text, size_t len, int mode,
                              const tt_sentence **out, size_t *n);

/* ---------------------------------------------------------------- evaluation */

enum {
    TT_EVAL_ERRORS = 1,   /* list false positives and false negatives */
    TT_EVAL_RULES = 2,    /* per rule and lexicon entry statistics, rule overlaps (first part) */
    TT_EVAL_KEYWORDS = 4  /* the keyword baseline: any entry of a theme's lexicons gives the theme */
};

typedef enum tt_eval_format { TT_EVAL_TEXT, TT_EVAL_TSV, TT_EVAL_JSON } tt_eval_format;

typedef struct tt_eval_config {
    const char *gold;        /* a gold file, or a folder of them, or a folder with dev/ and test/ */
    const char *corpus_dir;  /* documents are looked up here first (the project's corpus/) */
    const char *corpus_root; /* then here (the UN General Debate corpus) */
    const char *theme;       /* report this theme only, or NULL */
    const char *baseline;    /* compare with these figures (TSV), or NULL */
    const char *write_baseline; /* write the figures here, or NULL */
    const char *agreement;   /* a second labelling (doc start end labels) of gold sentences: Cohen's
                              * kappa per theme against the gold labels, or NULL */
    const char *save_labels; /* write the labels every gold sentence got (part doc start end
                              * labels) here, or NULL */
    const char *changes;     /* labels saved by save_labels before a change: list every sentence
                              * whose labels moved, and what that did to each theme, or NULL */
    tt_eval_format format;
    unsigned flags;          /* TT_EVAL_* */
    tt_diag_fn diag;
    void *diag_userdata;
} tt_eval_config;

/* Evaluates the engine against span gold (doc start end labels note) and sentence gold
 * (labels text): per part (the gold file's folder), per theme and micro/macro precision,
 * recall, F1, support, TP/FP/FN, and the segmenter's boundary precision and recall.
 * Returns 0; 1 when a gold file could not be read or a document was missing (reported as
 * skipped, or a row of the changes file could not be read); 2 on bad arguments or an
 * unreadable agreement, changes or save_labels file; 3 when a figure fell more than 0.005 below the baseline or a
 * gold document is missing while comparing with one. */
int tt_eval_run(const tt_engine *e, const tt_eval_config *cfg, tt_sink_fn sink, void *userdata);

/* ---------------------------------------------------------------- reader */

typedef enum tt_input_mode {
    TT_INPUT_TEXT,  /* the whole stream is one document */
    TT_INPUT_LINES, /* every line is one already-segmented sentence */
    TT_INPUT_JSONL  /* one JSON object a line: {"id": "...", "text": "..."} */
} tt_input_mode;

enum { TT_READ_LENIENT = 1 }; /* replace invalid UTF-8 by U+FFFD instead of failing */

typedef struct tt_reader tt_reader;

/* One document. text[0..len) is followed by a NUL byte (text may contain NULs too).
 * id: the stream name for text and lines input, the "id" member for JSONL.
 * base: offset of text[0] in the stream (lines input: where the line starts; else 0).
 * line: 1-based line number in the stream (lines and JSONL input; else 0).
 * bad_utf8: number of invalid UTF-8 sequences seen (only non-zero when lenient).
 * is_line: 1 for a line of lines input (one sentence, numbered by its line). */
typedef struct tt_doc {
    const char *id;
    const char *text;
    size_t len;
    unsigned long long base;
    unsigned long line;
    size_t bad_utf8;
    int is_line;
} tt_doc;

/* Opens a reader on a stream already opened by the caller (who closes it after
 * tt_reader_free). name is copied; it names the stream in diagnostics and document ids. */
tt_reader *tt_reader_new(FILE *in, const char *name, tt_input_mode mode, unsigned flags,
                         tt_diag_fn diag, void *userdata);
void tt_reader_free(tt_reader *r);

/* Reads the next document into *doc (owned by the reader, valid until the next call).
 * Returns TT_OK, TT_END at the end of the stream, or an error for a document that had to be
 * skipped (reported through diag; the next call goes on with the next document; TT_ERR_IO
 * ends the stream). */
tt_status tt_reader_next(tt_reader *r, tt_doc *doc);

/* ---------------------------------------------------------------- writer */

typedef enum tt_format { TT_FORMAT_TEXT, TT_FORMAT_TSV, TT_FORMAT_JSONL, TT_FORMAT_HTML } tt_format;


/* Writes what comes before the first document (TSV's column names; HTML's page head with a
 * legend of the engine's themes) and after the last (HTML's end); nothing for the others. */
int tt_write_header(tt_format fmt, tt_sink_fn sink, void *userdata);
int tt_write_page_head(const tt_engine *e, tt_format fmt, tt_sink_fn sink, void *userdata);
int tt_write_footer(tt_format fmt, tt_sink_fn sink, void *userdata);

/* Writes the sentences of one document. doc->text must be the text the sentences index;
 * offsets written are doc->base + sentence offsets. number_from: the n of the first
 * sentence (1 for a document; the line number for lines input). Returns 0, or the sink's
 * non-zero value. */
int tt_write_sentences(const tt_engine *e, tt_format fmt, const tt_doc *doc,
                       const tt_sentence *sents, size_t n, unsigned long number_from,
                       tt_sink_fn sink, void *userdata);
/* The same for the sentences whose keep[i] is non-zero, each with its own number; nothing at all
 * when none is kept. */
int tt_write_selected(const tt_engine *e, tt_format fmt, const tt_doc *doc, const tt_sentence *sents,
                      size_t n, unsigned long number_from, const unsigned char *keep, tt_sink_fn sink, void *userdata);

/* ---------------------------------------------------------------- a run against one before */

/* The labels of an earlier run (the TSV that TT_FORMAT_TSV writes: doc n start end labels
 * text; path "-" is standard input), to list every sentence of a new run whose labels moved.
 * Sentences are matched by document name and byte span; a name the file holds for two
 * documents (n starts again) is not compared. theme: list and count only this theme's moves
 * (NULL: all). NULL when the file cannot be read, is not such a TSV or holds no sentence
 * (reasons through diag). */
typedef struct tt_compare tt_compare;
tt_compare *tt_compare_load(const tt_engine *e, const char *path, const char *theme, tt_diag_fn diag,
                            void *userdata);
void tt_compare_free(tt_compare *c);
/* TSV's column names (change theme doc n start end rules text); nothing for the others. */
int tt_compare_header(tt_format fmt, tt_sink_fn sink, void *userdata);
/* Notes that doc comes next in the input; call it for every document in input order (the
 * reading thread), before its sentences are compared. Returns 1 for a document's first
 * occurrence in this run, 0 when the same name (or a line stream that starts its numbers
 * again) was given before: pass it to tt_compare_write, whatever thread runs that. */
int tt_compare_begin(tt_compare *c, const tt_doc *doc);
/* Compares the sentences of one document (as tt_write_sentences takes them) and writes each
 * theme that moved: "+" gained, with the rules that give it, or "-" lost, with the rule that
 * came nearest (text format; the sentence is classified again with sc, whose arrays this
 * reuses). first: what tt_compare_begin returned for it (a second occurrence is counted, not
 * compared). Safe to call from several threads at once, each with its own scanner. Returns 0,
 * or the sink's non-zero value. */
int tt_compare_write(tt_compare *c, tt_scanner *sc, tt_format fmt, const tt_doc *doc, int first,
                     const tt_sentence *sents, size_t n, unsigned long number_from, tt_sink_fn sink,
                     void *userdata);
/* Lines of the file that could not be read (reported through diag when loading). */
size_t tt_compare_unreadable(const tt_compare *c);
/* What moved per theme, and what could not be compared (call after the last document). */
int tt_compare_summary(tt_compare *c, tt_format fmt, tt_sink_fn sink, void *userdata);

/* ---------------------------------------------------------------- a profile of a run */

/* What the rules do on text without gold (themetag --stats): sentences per theme; per rule the
 * sentences it labels and those no other rule of its theme labels; per lexicon entry or inline
 * term the sentences it is evidence in; rules of different themes that label the same
 * sentences. theme: that theme's rules and entries only (NULL: all; NULL is returned for a
 * name the rule set does not declare). */
typedef struct tt_profile tt_profile;
tt_profile *tt_profile_new(const tt_engine *e, const char *theme);
void tt_profile_free(tt_profile *p);
/* Adds one document's (or line's) classified sentences. Safe from several threads at once. */
void tt_profile_add(tt_profile *p, const tt_doc *doc, const tt_sentence *sents, size_t n);
/* Adds the vetoes a scanner counted (tt_scanner_vetoes); call once for each scanner that
 * classified the documents, after its last one. */
void tt_profile_add_vetoes(tt_profile *p, const tt_scanner *sc);
/* The tables: text for people, or one row a figure (tsv with a header: kind name other theme
 * sentences sole vetoed where; jsonl: one object a row). Returns 0, or the sink's non-zero value. */
int tt_profile_write(tt_profile *p, tt_format fmt, tt_sink_fn sink, void *userdata);

#ifdef __cplusplus
}
#endif
#endif
