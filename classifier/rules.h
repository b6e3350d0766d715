/*
 * rules.h - the rule compiler's data: source files, the syntax tree, lexicons, and the
 * compiled rule set that the matcher reads. Internal to the library.
 *
 * Prefixes: rl_ (rulelex.c), rp_ (ruleparse.c), lex_ (lexicon.c), cmp_ (compile.c),
 * m_ (match.c).
 */
#ifndef THEMETAG_RULES_H
#define THEMETAG_RULES_H

#include "internal.h"

#include <stdatomic.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#define MAX_THEMES 64
#define MAX_ERRORS 20

/* ---- sources and diagnostics */

typedef struct src_file {
    char *path;    /* as shown in messages */
    char *text;    /* whole file, NUL-terminated */
    size_t len;
} src_file;

typedef struct src_loc {
    const src_file *file;
    unsigned line, col; /* 1-based */
} src_loc;

typedef struct diag_sink {
    tt_diag_fn fn;
    void *ud;
    unsigned errors, warnings;
    bool warnings_on; /* warnings are reported (lint) or only counted */
} diag_sink;

/* Reports FILE:LINE:COL: message with the source line; counts errors and warnings. */
void rl_report(diag_sink *d, tt_severity sev, src_loc at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* ---- lexer */

typedef enum rl_kind {
    RL_EOF,
    RL_WORD,   /* identifiers, words, numbers: letters digits - ' . _ (and a trailing * glob) */
    RL_STRING, /* "..." (escapes \" \\) */
    RL_REGEX,  /* /.../flags */
    RL_LEX,    /* @name */
    RL_NEAR,   /* near/K */
    RL_LPAREN,
    RL_RPAREN,
    RL_COMMA,
    RL_COLON,
    RL_EQUALS,
    RL_BAD     /* a character that starts nothing */
} rl_kind;

typedef struct rl_token {
    rl_kind kind;
    const char *start; /* in the file text */
    size_t len;
    src_loc loc;
    bool line_start;   /* first token on its line */
    char *value;       /* decoded string / regex body / word (owned by the lexer's arena) */
    char *flags;       /* regex flags */
    int number;        /* near distance */
    bool glued;        /* no whitespace before this token */
} rl_token;

typedef struct rl_lexer {
    const src_file *file;
    size_t pos;
    unsigned line;
    size_t line_pos;
    arena *strings;
    diag_sink *diag;
    bool at_line_start;
} rl_lexer;

void rl_init(rl_lexer *lx, const src_file *f, arena *strings, diag_sink *d);
rl_token rl_next(rl_lexer *lx);
bool rl_is(const rl_token *t, const char *word); /* a RL_WORD with this text */

/* ---- syntax tree */

typedef enum node_kind { N_TERM, N_LEX, N_REGEX, N_AND, N_OR, N_NOT, N_NOF, N_NEAR, N_AFTER } node_kind;

typedef enum term_kind { T_STEM, T_GLOB, T_EXACT, T_PHRASE } term_kind;

typedef struct node node;
struct node {
    node_kind kind;
    term_kind term;     /* N_TERM */
    int n;              /* N_NOF: how many; N_NEAR: distance in words; N_AFTER: the theme */
    node **kids;
    size_t nkids;
    char *text;         /* N_TERM: the term; N_LEX: the lexicon name; N_REGEX: the pattern */
    char *flags;        /* N_REGEX */
    char *src;          /* this node's source text, for explanations */
    src_loc loc;
    int feature;        /* N_TERM, N_LEX, N_REGEX: compiled feature */
};

typedef struct rule_def {
    char *name;
    char *theme_name;
    src_loc theme_loc;
    int theme;
    node *match, *unless;
    char *note;
    src_loc loc;
} rule_def;

typedef struct theme_def {
    char *name, *desc;
    src_loc loc;
} theme_def;

typedef struct example_def {
    char *theme_name;
    int theme;
    bool positive;
    char *text;
    src_loc loc;
} example_def;

/* Everything a parse produces. */
typedef struct rule_src {
    src_file **files;
    size_t nfiles, files_cap;
    theme_def *themes;
    size_t nthemes, themes_cap;
    rule_def *rules;
    size_t nrules, rules_cap;
    example_def *examples;
    size_t nexamples, examples_cap;
    arena strings;
    char *bad_utf8_file; /* the first rule or lexicon file that is not UTF-8, or NULL */
    size_t bad_utf8_at;
} rule_src;

/* Parses path (and its includes) into src; reports errors through d. */
void rp_parse_file(rule_src *src, const char *path, const src_loc *from, diag_sink *d);
void rp_free(rule_src *src);
src_file *rp_load(rule_src *src, const char *path);

/* ---- lexicon files (lexicon.c) */

typedef struct lex_entry {
    int kind;        /* 0 term (see term), 1 regex */
    term_kind term;
    char *text;      /* word (without '=' or a trailing '*' kept for globs), phrase or pattern */
    char *flags;     /* regex flags */
    char *note;
    src_loc loc;
} lex_entry;

typedef struct lexicon {
    char *name;
    src_file *file;
    lex_entry *entries;
    size_t n, cap;
} lexicon;

/* Reads lexicons/NAME.lex of dir into lx (file kept in src). False when the file cannot be
 * read (nothing reported); syntax errors are reported through d. */
bool lex_load(rule_src *src, const char *path, const char *name, lexicon *lx, diag_sink *d);
void lex_free(lexicon *lx);

/* ---- compiled rule set */

typedef enum atom_kind { A_STEM, A_GLOB, A_EXACT } atom_kind;

typedef struct entry {
    int feature;
    char *text;         /* as written */
    char *note;
    src_loc loc;
    int kind;           /* 0 word, 1 phrase, 2 regex */
    int regex;          /* index into rules.regexes, for kind 2 */
} entry;

typedef struct feature {
    char *name;         /* "@terrorism" or the inline term's text */
    bool lexicon;
    int *entries;
    size_t nentries;
    src_loc loc;        /* lexicon file or term position */
} feature;

typedef struct regex_def {
    pcre2_code *code;
    int entry;
    int gate; /* a glob atom the sentence must have for the regex to run, or -1 */
    src_loc loc; /* where it is written, for lint's notes */
} regex_def;

/* Hash set of strings to small integer lists. */
typedef struct strmap_slot {
    const char *key;
    uint32_t len;
    uint64_t hash;
    int value;
} strmap_slot;

typedef struct strmap {
    strmap_slot *slots;
    size_t cap, n;
} strmap;

int *strmap_get(const strmap *m, const char *key, size_t len); /* NULL when absent */
int *strmap_put(strmap *m, const char *key, size_t len, arena *a);  /* inserts value -1 */
void strmap_free(strmap *m);

typedef struct intlist {
    int *v;
    size_t n, cap;
} intlist;

/* The compiled rule set. Immutable after cmp_compile. */
typedef struct ruleset {
    rule_src src;
    /* atoms */
    strmap stem_atoms, exact_atoms;  /* text -> atom id */
    strmap glob_edges;               /* "node:byte" -> child node */
    intlist *glob_node_atoms;        /* per glob node: atoms ending there */
    size_t nglob_nodes;
    size_t natoms;
    intlist *atom_entries;           /* per atom: single-word entries */
    int *atom_phrase_child;          /* per atom: phrase trie child of the root, or -1 */
    /* phrase trie over atom ids */
    strmap phrase_edges;             /* "node:atom" -> child node */
    intlist *phrase_node_entries;    /* per node: phrases ending there */
    bool *phrase_node_has_kids;
    size_t nphrase_nodes;
    /* entries, features, regexes */
    entry *entries;
    size_t nentries;
    feature *features;
    size_t nfeatures;
    regex_def *regexes;
    size_t nregexes;
    strmap lexicons; /* name -> feature */
    bool has_exact;
    bool *feature_in_match; /* [rule * nfeatures + feature]: the feature is in the rule's match */
    bool *keyword_rule;     /* per rule: its terms count in the keyword baseline (no 'after') */
    intlist *feature_regexes; /* per feature: its regexes */
    intlist *feature_rules;   /* per feature: the rules whose match uses it */
    bool *rule_has_regex;     /* per rule: its match uses a feature with an ungated regex */
    intlist *atom_gates;      /* per atom: the regexes it lets run */
    /* per regex: its match-limit warning was given (the one thing threads write in a rule set:
     * atomically, so that the warning comes once a run, not once a thread) */
    _Atomic unsigned char *regex_warned;
} ruleset;

/* Compiles the rule set in dir (dir/rules/themetag.rules, dir/lexicons/). Returns NULL when
 * there were errors (all reported through d). */
ruleset *cmp_compile(const char *dir, norm_dicts *dicts, diag_sink *d, bool lint);
void cmp_free(ruleset *rs);

/* ---- matcher (match.c) */

typedef struct m_hit {
    int feature, entry;
    unsigned pos, last;
    size_t start, end;
} m_hit;

typedef struct m_state m_state;
m_state *m_new(const ruleset *rs);
void m_free(m_state *m);
/* Starts a sentence text[start..end); prev: the labels of the sentence before it in the same
 * document (0 for a first sentence or a sentence without context). */
void m_begin(m_state *m, const char *text, size_t start, size_t end, uint64_t prev);
/* Feeds one token (already normalised). exact_atom: a cache for the token's exact atom
 * (-2: not looked up yet), or NULL. */
void m_token(m_state *m, const tt_token *t, norm_word *w, norm_cache *cache, int *exact_atom);
/* Ends the sentence: runs regexes, evaluates rules. Returns the label bit set; evidence in
 * m_evidence. */
uint64_t m_end(m_state *m, tt_diag_fn diag, void *ud);
const tt_evidence *m_evidence(const m_state *m, size_t *n);
/* Writes an explanation of the last sentence; or of one theme only. */
void m_explain(m_state *m, buf *out, const tt_token *toks, size_t ntoks, const char *text);
void m_explain_theme(m_state *m, buf *out, size_t theme);
/* Offsets in explanations are shown plus base (the text classified was a slice). */
void m_show_base(m_state *m, size_t base);
/* Sentences in which rule r matched and its unless vetoed it, since m was made. */
size_t m_veto_count(const m_state *m, size_t r);
/* Leaves an entry out of matching (off) or puts it back. */
void m_disable_entry(m_state *m, int e, bool off);
/* Labels of the keyword baseline for the last sentence: every theme one of whose lexicons (in
 * a rule's match clause) found something; operators, near, unless and inline terms ignored. */
uint64_t m_keyword_labels(m_state *m);

/* ---- compare.c, for eval.c too */
/* A line for each rule that gave theme th to s, with the entry and what it matched:
 * text[text_off + evidence offsets], shown at shown_base + evidence offsets. */
void ev_evidence_lines(buf *o, const tt_engine *e, const char *text, size_t text_off,
                       unsigned long long shown_base, const tt_sentence *s, size_t th);
/* Appends the names of the rules that give theme th to s, each once, comma-separated (as
 * JSON strings with json). */
void ev_rule_names(buf *o, const tt_engine *e, const tt_sentence *s, size_t th, bool json);
/* The rule that alone gives theme th to s, or SIZE_MAX when none or several do (profile.c,
 * and lint's check that each rule has an example of its own). */
size_t ev_sole_rule(const tt_sentence *s, size_t th);
/* Where an entry is written, for tables: "@lexicon:line", or "file.rules:line" for a term
 * written inline in a rule. */
void ev_entry_where(const tt_engine *e, size_t en, char *out, size_t n);

/* ---- engine internals for eval.c */
const ruleset *eng_rules(const tt_engine *e);
m_state *eng_match(tt_scanner *s);
/* Puts back the counts tt_scanner_counts gave (a sentence classified again for an
 * explanation is not counted twice). */
void eng_set_counts(tt_scanner *s, unsigned long long sentences, unsigned long long tokens);

#endif
