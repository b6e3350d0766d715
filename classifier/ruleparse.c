/*
 * ruleparse.c - the parser of rule files: declarations (include, theme, rule, example) and
 * rule expressions, into the syntax tree of rules.h. Every mistake is reported with its
 * position and what was expected; after one, parsing resumes at the next declaration.
 *
 *   expr    := and { "or" and }
 *   and     := unary { "and" unary }
 *   unary   := "not" unary | near
 *   near    := primary { "near/K" primary }
 *   primary := "(" expr ")" | N "of" list | "any" "of" list | "all" "of" list
 *            | "after" THEME | term
 *   list    := "(" expr { "," expr } ")"
 *   term    := word | word* | =Word | "a phrase" | /regex/flags | @lexicon
 */
#include "rules.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const keywords[] = {"and", "or", "not", "of", "any", "all", "match", "after",
                                       "unless", "note", "rule", "theme", "include", "example",
                                       "for", NULL};

static bool is_keyword(const rl_token *t)
{
    for (const char *const *k = keywords; *k; k++)
        if (rl_is(t, *k))
            return true;
    return false;
}

static bool is_decl(const rl_token *t)
{
    return rl_is(t, "rule") || rl_is(t, "theme") || rl_is(t, "include") || rl_is(t, "example");
}

typedef struct parser {
    rule_src *src;
    rl_lexer lx;
    rl_token tok;
    const char *prev_end; /* end of the last consumed token */
    diag_sink *d;
    bool failed;          /* an error in the current declaration */
    int depth;            /* nesting of the expression being parsed */
} parser;

#define MAX_DEPTH 200

static void advance(parser *p)
{
    p->prev_end = p->tok.start + p->tok.len;
    p->tok = rl_next(&p->lx);
}

static const char *describe(const rl_token *t, char *out, size_t n)
{
    switch (t->kind) {
    case RL_EOF: return "the end of the file";
    case RL_STRING: return "a string";
    case RL_REGEX: return "a regular expression";
    case RL_LEX: snprintf(out, n, "'@%s'", t->value); return out;
    case RL_NEAR: return "'near/'";
    default:
        snprintf(out, n, "'%.*s'", (int)(t->len > 40 ? 40 : t->len), t->start);
        return out;
    }
}

static void error_at(parser *p, const rl_token *t, const char *expected)
{
    if (p->failed)
        return;
    char what[64];
    rl_report(p->d, TT_ERROR, t->loc, "expected %s; found %s", expected, describe(t, what, sizeof what));
    p->failed = true;
}

/* Skips to the next token that starts a declaration at the start of a line. */
static void sync(parser *p)
{
    while (p->tok.kind != RL_EOF && !(p->tok.line_start && is_decl(&p->tok)))
        advance(p);
    p->failed = false;
}

static node *new_node(parser *p, node_kind k, src_loc loc, const char *start)
{
    node *n = arena_alloc(&p->src->strings, sizeof *n);
    memset(n, 0, sizeof *n);
    n->kind = k;
    n->loc = loc;
    n->feature = -1;
    n->src = (char *)start; /* fixed up by finish() */
    return n;
}

/* Source text kept for explanations: enough to recognise the expression. */
#define SRC_MAX 160

static node *finish(parser *p, node *n)
{
    const char *start = n->src;
    size_t len = p->prev_end > start ? (size_t)(p->prev_end - start) : 0;
    bool cut = len > SRC_MAX;
    if (cut) {
        len = SRC_MAX;
        while (len > 0 && ((unsigned char)start[len] & 0xC0) == 0x80)
            len--; /* not inside a character */
    }
    /* one line in explanations */
    buf b = {0};
    u8_collapse(&b, start, 0, len);
    if (cut)
        buf_adds(&b, " ...");
    n->src = arena_strndup(&p->src->strings, b.data ? b.data : "", b.len);
    buf_free(&b);
    return n;
}

static void add_kid(parser *p, node *n, node *kid)
{
    /* capacities are powers of two: the array doubles when it is full */
    if ((n->nkids & (n->nkids - 1)) == 0) {
        size_t cap = n->nkids ? n->nkids * 2 : 2;
        node **kids = arena_alloc(&p->src->strings, cap * sizeof *kids);
        if (n->nkids)
            memcpy(kids, n->kids, n->nkids * sizeof *kids);
        n->kids = kids;
    }
    n->kids[n->nkids++] = kid;
}

static node *parse_expr(parser *p);

static const char term_expected[] =
    "a term (a word, word*, =Word, \"a phrase\", /regex/ or @lexicon), '(', 'not' or 'N of (...)'";

static node *parse_list(parser *p, node *n)
{
    if (p->tok.kind != RL_LPAREN) {
        error_at(p, &p->tok, "'(' and a comma-separated list after 'of'");
        return n;
    }
    rl_token open = p->tok;
    advance(p);
    for (;;) {
        p->depth++;
        node *k = parse_expr(p);
        p->depth--;
        if (!k)
            return n;
        add_kid(p, n, k);
        if (p->tok.kind == RL_COMMA) {
            advance(p);
            continue;
        }
        if (p->tok.kind == RL_RPAREN) {
            advance(p);
            return n;
        }
        char exp[96];
        snprintf(exp, sizeof exp, "',' or ')' to close the '(' at %u:%u", open.loc.line, open.loc.col);
        error_at(p, &p->tok, exp);
        return n;
    }
}

/* A term, regex or lexicon node from the current token (its value and flags), starting at
 * first (the '=' of an exact term, or the token itself). */
static node *leaf(parser *p, const rl_token *first, node_kind kind, term_kind term)
{
    node *n = new_node(p, kind, first->loc, first->start);
    n->term = term;
    n->text = p->tok.value;
    n->flags = p->tok.flags;
    advance(p);
    return finish(p, n);
}

static node *parse_primary(parser *p)
{
    rl_token t = p->tok;
    if (t.kind == RL_LPAREN) {
        advance(p);
        p->depth++;
        node *e = parse_expr(p);
        p->depth--;
        if (!e)
            return NULL;
        if (p->tok.kind != RL_RPAREN) {
            char exp[96];
            snprintf(exp, sizeof exp, "')' to close the '(' at %u:%u", t.loc.line, t.loc.col);
            error_at(p, &p->tok, exp);
            return NULL;
        }
        advance(p);
        return e;
    }
    if (t.kind == RL_WORD && (rl_is(&t, "any") || rl_is(&t, "all") || strspn(t.value, "0123456789") == t.len)) {
        /* N of (...) ; a number not followed by "of" is a term ("2030") */
        rl_lexer save = p->lx;
        rl_token nt = rl_next(&save);
        if (rl_is(&nt, "of")) {
            node *n = new_node(p, N_NOF, t.loc, t.start);
            n->n = rl_is(&t, "any") ? 1 : rl_is(&t, "all") ? -1 : t.len > 6 ? 1000000 : atoi(t.value);
            advance(p);
            advance(p);
            parse_list(p, n);
            if (p->failed)
                return NULL;
            if (n->n == -1)
                n->n = (int)n->nkids;
            if (n->n < 1 || (size_t)n->n > n->nkids) {
                rl_report(p->d, TT_ERROR, t.loc, "'%d of' needs between 1 and %zu items (the list has %zu)",
                          n->n, n->nkids, n->nkids);
                p->failed = true;
                return NULL;
            }
            return finish(p, n);
        }
    }
    if (rl_is(&t, "after")) {
        /* after THEME: the sentence before this one in the document has THEME */
        advance(p);
        if (p->tok.kind != RL_WORD || is_keyword(&p->tok)) {
            error_at(p, &p->tok, "a theme name after 'after'");
            return NULL;
        }
        node *n = new_node(p, N_AFTER, t.loc, t.start);
        n->text = p->tok.value;
        n->loc = p->tok.loc; /* an unknown theme is reported at its name */
        advance(p);
        return finish(p, n);
    }
    if (t.kind == RL_EQUALS) {
        advance(p);
        if (p->tok.kind != RL_WORD || !p->tok.glued || is_keyword(&p->tok)) {
            error_at(p, &p->tok, "a word right after '=' (exact match as written)");
            return NULL;
        }
        return leaf(p, &t, N_TERM, T_EXACT);
    }
    if (t.kind == RL_WORD && !is_keyword(&t))
        return leaf(p, &t, N_TERM, t.value[t.len - 1] == '*' ? T_GLOB : T_STEM);
    if (t.kind == RL_STRING)
        return leaf(p, &t, N_TERM, T_PHRASE);
    if (t.kind == RL_REGEX)
        return leaf(p, &t, N_REGEX, T_STEM);
    if (t.kind == RL_LEX)
        return leaf(p, &t, N_LEX, T_STEM);
    error_at(p, &t, term_expected);
    return NULL;
}

static node *parse_near(parser *p)
{
    rl_token first = p->tok;
    node *a = parse_primary(p);
    while (a && p->tok.kind == RL_NEAR) {
        node *n = new_node(p, N_NEAR, first.loc, first.start);
        n->n = p->tok.number;
        advance(p);
        node *b = parse_primary(p);
        if (!b)
            return NULL;
        add_kid(p, n, a);
        add_kid(p, n, b);
        a = finish(p, n);
    }
    return a;
}

static node *parse_unary(parser *p)
{
    if (p->depth >= MAX_DEPTH) {
        if (!p->failed)
            rl_report(p->d, TT_ERROR, p->tok.loc, "expression nested more than %d deep", MAX_DEPTH);
        p->failed = true;
        return NULL;
    }
    if (rl_is(&p->tok, "not")) {
        rl_token t = p->tok;
        advance(p);
        p->depth++;
        node *k = parse_unary(p);
        p->depth--;
        if (!k)
            return NULL;
        node *n = new_node(p, N_NOT, t.loc, t.start);
        add_kid(p, n, k);
        return finish(p, n);
    }
    return parse_near(p);
}

static node *parse_binary(parser *p, const char *op, node_kind kind, node *(*sub)(parser *))
{
    rl_token first = p->tok;
    node *a = sub(p);
    if (!a || !rl_is(&p->tok, op))
        return a;
    node *n = new_node(p, kind, first.loc, first.start);
    add_kid(p, n, a);
    while (rl_is(&p->tok, op)) {
        advance(p);
        node *b = sub(p);
        if (!b)
            return NULL;
        add_kid(p, n, b);
    }
    return finish(p, n);
}

static node *parse_and(parser *p)
{
    return parse_binary(p, "and", N_AND, parse_unary);
}

static node *parse_expr(parser *p)
{
    return parse_binary(p, "or", N_OR, parse_and);
}

static void expect_end_of_clause(parser *p)
{
    if (p->failed)
        return;
    rl_token t = p->tok;
    if (t.kind == RL_EOF || is_decl(&t) || rl_is(&t, "match") || rl_is(&t, "unless") || rl_is(&t, "note"))
        return;
    error_at(p, &t, "'and', 'or', 'near/K', or a new clause (match, unless, note) or declaration "
                    "(terms side by side must be joined by 'and' or 'or')");
}

static char *word_value(parser *p, const char *what)
{
    if (p->tok.kind != RL_WORD || is_keyword(&p->tok)) {
        error_at(p, &p->tok, what);
        return NULL;
    }
    char *v = p->tok.value;
    advance(p);
    return v;
}

static void parse_rule(parser *p, src_loc at)
{
    char *name = word_value(p, "a rule name after 'rule'");
    if (!name)
        return;
    if (!rl_is(&p->tok, "for")) {
        error_at(p, &p->tok, "'for' and a theme after the rule name");
        return;
    }
    advance(p);
    rl_token th = p->tok;
    char *theme = word_value(p, "a theme name after 'for'");
    if (!theme)
        return;
    rule_def r;
    memset(&r, 0, sizeof r);
    r.name = name;
    r.theme_name = theme;
    r.theme_loc = th.loc;
    r.theme = -1;
    r.loc = at;
    while (!p->failed) {
        rl_token c = p->tok;
        if (rl_is(&c, "match") || rl_is(&c, "unless")) {
            bool m = rl_is(&c, "match");
            if ((m && r.match) || (!m && r.unless)) {
                rl_report(p->d, TT_ERROR, c.loc, "a rule has one '%s' clause (join conditions with 'or')",
                          m ? "match" : "unless");
                p->failed = true;
                break;
            }
            advance(p);
            node *e = parse_expr(p);
            if (!e)
                break;
            if (m)
                r.match = e;
            else
                r.unless = e;
            expect_end_of_clause(p);
            continue;
        }
        if (rl_is(&c, "note")) {
            advance(p);
            if (p->tok.kind != RL_STRING) {
                error_at(p, &p->tok, "a \"quoted\" note after 'note'");
                break;
            }
            r.note = p->tok.value;
            advance(p);
            continue;
        }
        break;
    }
    if (p->failed)
        return;
    if (!r.match) {
        error_at(p, &p->tok, "a 'match' clause in the rule");
        return;
    }
    VEC_GROW(p->src->rules, p->src->nrules, p->src->rules_cap);
    p->src->rules[p->src->nrules++] = r;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

src_file *rp_load(rule_src *src, const char *path)
{
    size_t len;
    char *text = read_file(path, &len);
    if (!text)
        return NULL;
    size_t bad;
    if (!tt_utf8_valid(text, len, &bad)) {
        /* names and terms go into output as they are: the files must be UTF-8; the bad byte
         * is made '?' so that the error can still be shown, and the file is refused */
        src->bad_utf8_file = xstrdup(path);
        src->bad_utf8_at = bad;
        text[bad] = '?';
    }
    src_file *sf = xcalloc(1, sizeof *sf);
    sf->path = xstrdup(path);
    sf->text = text;
    sf->len = len;
    VEC_GROW(src->files, src->nfiles, src->files_cap);
    src->files[src->nfiles++] = sf;
    return sf;
}

static void parse_decls(parser *p, const char *path);

void rp_parse_file(rule_src *src, const char *path, const src_loc *from, diag_sink *d)
{
    for (size_t i = 0; i < src->nfiles; i++) {
        if (strcmp(src->files[i]->path, path) == 0) {
            src_loc at = from ? *from : (src_loc){NULL, 0, 0};
            rl_report(d, TT_ERROR, at, "'%s' is included twice (or includes itself)", path);
            return;
        }
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        errno = EISDIR;
    src_file *sf = (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) ? rp_load(src, path) : NULL;
    if (!sf) {
        src_loc at = from ? *from : (src_loc){NULL, 0, 0};
        const char *why = strerror(errno ? errno : ENOENT);
        if (from)
            rl_report(d, TT_ERROR, at, "cannot read included file '%s': %s", path, why);
        else {
            tt_diag dg = {TT_ERROR, path, 0, 0, -1, "cannot read the rule file", NULL};
            char msg[512];
            snprintf(msg, sizeof msg, "cannot read the rule file: %s", why);
            dg.message = msg;
            d->errors++;
            if (d->fn)
                d->fn(&dg, d->ud);
        }
        return;
    }
    parser p;
    memset(&p, 0, sizeof p);
    p.src = src;
    p.d = d;
    rl_init(&p.lx, sf, &src->strings, d);
    p.tok = rl_next(&p.lx);
    parse_decls(&p, path);
}

static void parse_decls(parser *p, const char *path)
{
    while (p->tok.kind != RL_EOF) {
        if (p->d->errors > MAX_ERRORS)
            return;
        rl_token t = p->tok;
        if (!is_decl(&t)) {
            error_at(p, &t, "a declaration: 'include', 'theme', 'rule' or 'example'");
            sync(p);
            continue;
        }
        advance(p);
        if (rl_is(&t, "include")) {
            if (p->tok.kind != RL_STRING) {
                error_at(p, &p->tok, "a \"quoted\" file name after 'include'");
            } else {
                char *dir = dir_of(path);
                buf full = {0};
                if (p->tok.value[0] == '/')
                    buf_adds(&full, p->tok.value);
                else
                    buf_printf(&full, "%s/%s", dir, p->tok.value);
                free(dir);
                src_loc at = p->tok.loc;
                advance(p);
                rp_parse_file(p->src, full.data, &at, p->d);
                buf_free(&full);
            }
        } else if (rl_is(&t, "theme")) {
            rl_token nt = p->tok;
            char *name = word_value(p, "a theme name after 'theme'");
            if (name) {
                if (p->tok.kind != RL_STRING) {
                    error_at(p, &p->tok, "a \"quoted\" description after the theme name");
                } else {
                    theme_def th = {name, p->tok.value, nt.loc};
                    advance(p);
                    VEC_GROW(p->src->themes, p->src->nthemes, p->src->themes_cap);
                    p->src->themes[p->src->nthemes++] = th;
                }
            }
        } else if (rl_is(&t, "rule")) {
            parse_rule(p, t.loc);
        } else {
            example_def ex;
            memset(&ex, 0, sizeof ex);
            ex.positive = true;
            ex.loc = t.loc;
            ex.theme = -1;
            if (rl_is(&p->tok, "not")) {
                ex.positive = false;
                advance(p);
            }
            rl_token nt = p->tok;
            ex.theme_name = word_value(p, "a theme name (or 'not' and a theme name) after 'example'");
            if (ex.theme_name) {
                ex.loc = nt.loc;
                if (p->tok.kind != RL_COLON) {
                    error_at(p, &p->tok, "':' and the example sentence after the theme name");
                } else {
                    advance(p);
                    if (p->tok.kind != RL_STRING) {
                        error_at(p, &p->tok, "a \"quoted\" example sentence");
                    } else {
                        ex.text = p->tok.value;
                        advance(p);
                        VEC_GROW(p->src->examples, p->src->nexamples, p->src->examples_cap);
                        p->src->examples[p->src->nexamples++] = ex;
                    }
                }
            }
        }
        if (p->failed)
            sync(p);
    }
}

void rp_free(rule_src *src)
{
    for (size_t i = 0; i < src->nfiles; i++) {
        free(src->files[i]->path);
        free(src->files[i]->text);
        free(src->files[i]);
    }
    free(src->files);
    free(src->themes);
    free(src->rules);
    free(src->examples);
    free(src->bad_utf8_file);
    arena_free(&src->strings);
    memset(src, 0, sizeof *src);
}
