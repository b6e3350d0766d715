/*
 * internal.h - declarations shared between the library's modules; not installed.
 * Each module owns a prefix: xmalloc/buf (util.c), u8_ (utf8.c), seg_ (segment.c),
 * tok_ (token.c), norm_ (normalize.c), out_ (output.c).
 */
#ifndef THEMETAG_INTERNAL_H
#define THEMETAG_INTERNAL_H

#include "themetag.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- util.c: allocation that aborts with one message on out-of-memory */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Growable byte buffer. */
typedef struct buf {
    char *data;
    size_t len, cap;
} buf;
void buf_reserve(buf *b, size_t extra);
void buf_add(buf *b, const void *p, size_t n);
void buf_addc(buf *b, char c);
void buf_adds(buf *b, const char *s);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s[0..n) escaped for a JSON string (quotes, backslashes, control characters), and the same
 * in quotes (output.c). */
void buf_json_body(buf *b, const char *s, size_t n);
void buf_json_str(buf *b, const char *s, size_t n);
void buf_add_self(buf *b, size_t off, size_t n); /* appends a copy of b's own bytes */
/* s cut to at most width characters (never inside one) and padded with spaces to width
 * characters: a column of a table for people. */
void buf_add_col(buf *b, const char *s, size_t width);
void buf_free(buf *b);

/* Growable array of fixed-size items. */
#define VEC_GROW(ptr, len, cap)                                                  \
    do {                                                                         \
        if ((len) >= (cap)) {                                                    \
            (cap) = (cap) ? (cap) * 2 : 16;                                      \
            (ptr) = xrealloc((ptr), (cap) * sizeof *(ptr));                      \
        }                                                                        \
    } while (0)

/* Bump allocator for strings that live as long as their owner. */
typedef struct arena_block arena_block;
typedef struct arena {
    arena_block *head;
    size_t used;     /* bytes used in head */
    size_t total;    /* bytes allocated in all blocks */
} arena;
char *arena_strndup(arena *a, const char *s, size_t n);
void *arena_alloc(arena *a, size_t n); /* 8-byte aligned */
void arena_free(arena *a);

uint64_t hash_bytes(const void *p, size_t n);

/* Splits a line at tabs into at most max fields, in place (the last keeps any further tabs).
 * Returns the number of fields. */
int split_tabs(char *line, char **f, int max);
/* A number written as digits only (no sign, no blank, not empty, no overflow). */
bool parse_digits(const char *s, size_t *out);

/* A whole file, NUL-terminated, or NULL with errno set. Caller frees. */
char *read_file(const char *path, size_t *len);

void diag_emit(tt_diag_fn fn, void *ud, tt_severity sev, const char *file, unsigned line,
               unsigned col, long long byte, const char *source, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

/* ---- utf8.c */
#define U8_BAD 0xFFFFFFFFu
/* Decodes one code point at s (s < end). Stores its length (1..4) in *len. Returns the
 * code point, or U8_BAD for an ill-formed sequence, whose *len is the maximal subpart
 * (Unicode's recommendation for U+FFFD substitution). */
uint32_t u8_decode(const unsigned char *s, const unsigned char *end, int *len);
int u8_encode(uint32_t cp, char out[4]);
bool u8_is_space(uint32_t cp); /* whitespace and control characters, BOM, invalid bytes: no */
bool u8_is_alpha(uint32_t cp);
bool u8_is_digit(uint32_t cp);
bool u8_is_lower(uint32_t cp);
bool u8_is_upper(uint32_t cp);
uint32_t u8_fold(uint32_t cp); /* simple case folding to lower case */
bool u8_is_apostrophe(uint32_t cp);
bool u8_is_hyphen(uint32_t cp);   /* hyphen-minus, U+2010, U+2011 */
bool u8_is_closer(uint32_t cp);   /* closing quotes and brackets */
bool u8_is_opener(uint32_t cp);   /* opening quotes and brackets */
bool u8_is_line_break(uint32_t cp); /* LF, CR, VT, FF, NEL, U+2028, U+2029 */

/* Skips whitespace forward from i (returns first non-space offset, or len). */
size_t u8_skip_space(const char *t, size_t i, size_t len);
/* Appends text[start..end) to b with every run of whitespace made one space and invalid
 * sequences made U+FFFD; the result has no leading or trailing space. */
void u8_collapse(buf *b, const char *text, size_t start, size_t end);
/* The same in pieces: call with consecutive ranges of one text and one state ({0} first).
 * Piece boundaries must fall between code points. */
typedef struct u8_collapser {
    bool space, any;
} u8_collapser;
void u8_collapse_part(buf *b, const char *text, size_t start, size_t end, u8_collapser *st);
/* A cut point near i in text[i..end): the next whitespace byte at or after i that does not
 * follow a hyphen (so "informa-\ntion" is never cut), or end. */
size_t u8_cut_point(const char *text, size_t i, size_t end);

/* ---- segment.c */
typedef struct seg_state seg_state;
seg_state *seg_new(void);
void seg_free(seg_state *s);
/* Segments text; spans owned by s. */
void seg_run(seg_state *s, const char *text, size_t len, const tt_span **spans, size_t *n);

/* ---- token.c */
/* A token whose strings were not written: surface text[start..end), fold its lower case,
 * key the first key_len bytes of fold (tok_run's fast path). */
#define TOK_FAST (1u << 15)

typedef struct tok_raw {
    size_t start, end;
    unsigned flags;
    unsigned pos, last; /* word positions: first and last (a compound spans its parts) */
    uint32_t fold_off, fold_len; /* in the tokenizer's string buffer */
    uint32_t key_off, key_len;
    uint32_t surf_off, surf_len; /* the word as written, apostrophes made ASCII */
} tok_raw;

typedef struct tok_state {
    tok_raw *toks;
    size_t n, cap;
    buf str;     /* fold and key strings, NUL-terminated */
    buf scratch; /* a word's surface while it is read */
    bool lazy;   /* plain ASCII words become TOK_FAST tokens without strings */
} tok_state;
/* Tokenizes text[start..end) into t (cleared first); word positions start at pos0. */
void tok_run(tok_state *t, const char *text, size_t start, size_t end, unsigned pos0);
void tok_free(tok_state *t);

/* ---- normalize.c */
typedef struct norm_dicts norm_dicts;   /* shared, mutex-guarded hunspell pair */
typedef struct norm_cache norm_cache;   /* per scanner */

typedef struct norm_word {
    const char *canon;
    const char *stem;
    const int *atoms;  /* the rule set's stem and glob atoms this word type matches */
    int natoms;        /* -1: not looked up yet */
} norm_word;

tt_status norm_dicts_new(const char *dir, tt_diag_fn diag, void *ud, norm_dicts **out);
void norm_dicts_free(norm_dicts *d);
/* Spelling checks (thread-safe). */
bool norm_spell_us(norm_dicts *d, const char *word);
bool norm_spell_gb(norm_dicts *d, const char *word);
/* Appends up to max suggestions for an unknown word to out, comma-separated. */
void norm_suggest(norm_dicts *d, const char *word, buf *out, int max);

norm_cache *norm_cache_new(norm_dicts *d);
void norm_cache_free(norm_cache *c);
/* Normalises a folded key (lower case, no hyphens). Result owned by the cache. */
norm_word *norm_lookup(norm_cache *c, const char *key, size_t len, bool verbatim);
/* Memory for a word type's attachments (atom lists), freed with the cache. */
void *norm_alloc(norm_cache *c, size_t n);
void norm_stats(const norm_cache *c, size_t *types, size_t *hits);

#endif
