/*
 * test_eval.c - the evaluator on small gold sets written here (exact figures), missing
 * documents, baselines and regressions, error listings, the keyword baseline, and the
 * precision/recall regression of the shipped rules against corpus/baseline.tsv.
 * Test ids: eval-<n>.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "themetag.h"

TestSuite(eval, .fini = th_leak_check);

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

static int to_buf(const char *b, size_t n, void *ud)
{
    char **out = ud;
    size_t old = *out ? strlen(*out) : 0;
    *out = realloc(*out, old + n + 1);
    memcpy(*out + old, b, n);
    (*out)[old + n] = '\0';
    return 0;
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[8800];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

/* A rule set with themes a and b, a document doc.txt and a gold folder with dev/ and test/. */
typedef struct world {
    char *dir;
    tt_engine *e;
    th_diags dg;
    char gold[4200], corpus[4200];
} world;

static void make_world(world *w)
{
    static const char *const lex[] = {"bananas", "banana\n", NULL};
    w->dir = th_rule_dir("theme a \"apples\"\ntheme b \"bananas\"\n"
                         "rule ra for a\n    match apple*\n"
                         "rule rb for b\n    match @bananas and not green\n",
                         lex);
    memset(&w->dg, 0, sizeof w->dg);
    w->e = th_engine(w->dir, 0, &w->dg);
    cr_assert_not_null(w->e, "%s", w->dg.text);
    snprintf(w->corpus, sizeof w->corpus, "%s/corpus", w->dir);
    mkdir(w->corpus, 0755);
    /* 0         1         2         3         4         5         6
     * 0123456789012345678901234567890123456789012345678901234567890123 */
    write_file(w->corpus, "doc.txt", "I like apples. A green banana. Pears are fine. An apple a day.");
    snprintf(w->gold, sizeof w->gold, "%s/gold", w->dir);
    mkdir(w->gold, 0755);
    char sub[4300];
    snprintf(sub, sizeof sub, "%s/dev", w->gold);
    mkdir(sub, 0755);
    /* gold: s1 a (tp), s2 b (fn: "not green" vetoes), s3 none, s4 none (fp for a);
     * the gold puts the last boundary after "day" only, so the segmenter finds 4 of 4 */
    write_file(sub, "g.tsv",
               "doc\tstart\tend\tlabels\tnote\n"
               "doc.txt\t0\t14\ta\t\n"
               "doc.txt\t15\t30\tb\tgreen banana\n"
               "doc.txt\t31\t46\t\t\n"
               "doc.txt\t47\t62\t\t\n");
    snprintf(sub, sizeof sub, "%s/test", w->gold);
    mkdir(sub, 0755);
    write_file(sub, "s.tsv", "labels\ttext\na,b\tAn apple and a banana.\nb\tBananas only.\n\tNothing.\n");
}

static void free_world(world *w)
{
    tt_engine_free(w->e);
    th_rm_rf(w->dir);
    free(w->dir);
}

/* A configuration over the world's gold and corpus, diagnostics collected afresh. */
static tt_eval_config world_config(world *w, const char *gold, tt_eval_format fmt)
{
    tt_eval_config c;
    memset(&c, 0, sizeof c);
    c.gold = gold;
    c.corpus_dir = w->corpus;
    c.corpus_root = "/nonexistent";
    c.format = fmt;
    c.diag = th_collect_diag;
    c.diag_userdata = &w->dg;
    w->dg.len = 0;
    w->dg.text[0] = '\0';
    w->dg.strip = w->dir;
    return c;
}

static int run_eval(world *w, tt_eval_format fmt, unsigned flags, const char *baseline,
                    const char *write, char **out)
{
    tt_eval_config c = world_config(w, w->gold, fmt);
    c.flags = flags;
    c.baseline = baseline;
    c.write_baseline = write;
    *out = NULL;
    return tt_eval_run(w->e, &c, to_buf, out);
}

Test(eval, figures_per_part_theme_micro_macro_and_segmenter, .description = "eval-1")
{
    world w;
    make_world(&w);
    char *out;
    int st = run_eval(&w, TT_EVAL_TSV, 0, NULL, NULL, &out);
    cr_expect_eq(st, 0, "%s", w.dg.text);
    cr_expect_str_eq(out,
                     "part\ttheme\tprecision\trecall\tf1\tsupport\ttp\tfp\tfn\n"
                     "dev\ta\t0.5000\t1.0000\t0.6667\t1\t1\t1\t0\n"
                     "dev\tb\t0.0000\t0.0000\t0.0000\t1\t0\t0\t1\n"
                     "dev\tmicro\t0.5000\t0.5000\t0.5000\t2\t1\t1\t1\n"
                     "dev\tmacro\t0.2500\t0.5000\t0.3333\t2\t\t\t\n"
                     "dev\tsegmenter\t1.0000\t1.0000\t1.0000\t4\t4\t0\t0\n"
                     "test\ta\t1.0000\t1.0000\t1.0000\t1\t1\t0\t0\n"
                     "test\tb\t1.0000\t1.0000\t1.0000\t2\t2\t0\t0\n"
                     "test\tmicro\t1.0000\t1.0000\t1.0000\t3\t3\t0\t0\n"
                     "test\tmacro\t1.0000\t1.0000\t1.0000\t3\t\t\t\n");
    free(out);
    free_world(&w);
}

Test(eval, errors_name_the_rule_and_the_nearest_rule, .description = "eval-2")
{
    world w;
    make_world(&w);
    char *out;
    run_eval(&w, TT_EVAL_TEXT, TT_EVAL_ERRORS, NULL, NULL, &out);
    cr_expect_not_null(strstr(out, "FP dev a doc.txt [47,62)"), "%s", out);
    cr_expect_not_null(strstr(out, "  rule ra: apple* 'apple*' matched \"apple\" [50,55)\n"), "%s", out);
    cr_expect_not_null(strstr(out, "FN dev b doc.txt [15,30)"), "%s", out);
    char want[8192];
    snprintf(want, sizeof want,
             "  nearest: rule rb (50%%): has @bananas matched \"banana\" [23,29) by 'banana' "
             "(%s/lexicons/bananas.lex:1); lacks not green (but \"green\" [17,22) matched)\n",
             w.dir);
    cr_expect_not_null(strstr(out, want), "%s", out);
    cr_expect_not_null(strstr(out, "  text: A green banana.\n"), "%s", out);
    free(out);
    free_world(&w);
}

Test(eval, missing_document_is_skipped_loudly, .description = "eval-3")
{
    world w;
    make_world(&w);
    char sub[4300];
    snprintf(sub, sizeof sub, "%s/dev", w.gold);
    write_file(sub, "h.tsv", "doc\tstart\tend\tlabels\tnote\nnowhere.txt\t0\t5\ta\t\n");
    char *out;
    int st = run_eval(&w, TT_EVAL_TEXT, 0, NULL, NULL, &out);
    cr_expect_eq(st, 1, "a missing document is an input error");
    cr_expect_not_null(strstr(w.dg.text, "gold/dev/h.tsv: warning: skipped: document nowhere.txt not found under "),
                       "%s", w.dg.text);
    cr_expect_not_null(strstr(out, "skipped: 1 document not found (see the warnings)"), "%s", out);
    free(out);
    free_world(&w);
}

/* Offsets are digits only: a sign, a blank or an end before the start is a bad row, named. */
Test(eval, gold_offsets_are_digits_only, .description = "eval-15")
{
    world w;
    make_world(&w);
    char sub[4300];
    snprintf(sub, sizeof sub, "%s/dev", w.gold);
    write_file(sub, "h.tsv", "doc\tstart\tend\tlabels\tnote\n"
                             "doc.txt\t+0\t14\ta\t\n"
                             "doc.txt\t 0\t14\ta\t\n"
                             "doc.txt\t-1\t14\ta\t\n"
                             "doc.txt\t14\t0\ta\t\n"
                             "doc.txt\t0\t99\ta\t\n"
                             "doc.txt\t0\t\ta\t\n"
                             "doc.txt\t0\t14\ta\t\n");
    char *out;
    cr_expect_eq(run_eval(&w, TT_EVAL_TSV, 0, NULL, NULL, &out), 1, "%s", w.dg.text);
    const char *expect[] = {"bad span [+0,14)", "bad span [ 0,14)", "bad span [-1,14)", "bad span [14,0)",
                            "bad span [0,99) for doc.txt (62 bytes)", "bad span [0,)"};
    for (size_t i = 0; i < sizeof expect / sizeof *expect; i++)
        cr_expect_not_null(strstr(w.dg.text, expect[i]), "missing \"%s\" in:\n%s", expect[i], w.dg.text);
    /* the good row counts: theme a on dev has support 2 now (g.tsv's first row and this one) */
    cr_expect_not_null(strstr(out, "dev\ta\t0.6667\t1.0000\t0.8000\t2\t2\t1\t0\n"), "%s", out);
    free(out);
    free_world(&w);
}

Test(eval, baseline_regression_exits_3, .description = "eval-4")
{
    world w;
    make_world(&w);
    char base[4300];
    snprintf(base, sizeof base, "%s/baseline.tsv", w.dir);
    char *out;
    cr_expect_eq(run_eval(&w, TT_EVAL_TSV, 0, NULL, base, &out), 0);
    free(out);
    cr_expect_eq(run_eval(&w, TT_EVAL_TEXT, 0, base, NULL, &out), 0, "the same figures pass");
    cr_expect_not_null(strstr(out, "no figure fell by more than 0.005"));
    free(out);
    /* a baseline 0.004 higher still passes; 0.006 higher is a regression */
    write_file(w.dir, "b2.tsv", "part\ttheme\tprecision\trecall\tf1\tsupport\ttp\tfp\tfn\n"
                                "dev\ta\t0.5040\t1.0000\t0.6667\t1\t1\t1\t0\n");
    snprintf(base, sizeof base, "%s/b2.tsv", w.dir);
    cr_expect_eq(run_eval(&w, TT_EVAL_TEXT, 0, base, NULL, &out), 0);
    free(out);
    write_file(w.dir, "b3.tsv", "part\ttheme\tprecision\trecall\tf1\tsupport\ttp\tfp\tfn\n"
                                "dev\ta\t0.5060\t1.0000\t0.6667\t1\t1\t1\t0\n"
                                "dev\tsegmenter\t1.0000\t1.0000\t1.0000\t4\t4\t0\t0\n");
    snprintf(base, sizeof base, "%s/b3.tsv", w.dir);
    cr_expect_eq(run_eval(&w, TT_EVAL_TEXT, 0, base, NULL, &out), 3);
    cr_expect_not_null(strstr(out, "regression: dev a precision 0.5000, baseline 0.5060"), "%s", out);
    free(out);
    free_world(&w);
}

Test(eval, keyword_baseline_and_json, .description = "eval-5")
{
    world w;
    make_world(&w);
    char *out;
    run_eval(&w, TT_EVAL_JSON, TT_EVAL_KEYWORDS, NULL, NULL, &out);
    /* any entry of a theme's lexicons: "green banana" now counts for b (not and unless ignored) */
    cr_expect_not_null(strstr(out, "{\"theme\":\"b\",\"precision\":1.0000,\"recall\":1.0000"), "%s", out);
    cr_expect_eq(out[0], '{');
    free(out);
    free_world(&w);
}

Test(eval, rule_and_entry_statistics, .description = "eval-6")
{
    world w;
    make_world(&w);
    char *out;
    run_eval(&w, TT_EVAL_TEXT, TT_EVAL_RULES, NULL, NULL, &out);
    cr_expect_not_null(strstr(out, "== rules on dev"), "%s", out);
    /* ra fires twice (one TP, one FP); without it theme a's F1 falls to 0 */
    cr_expect_not_null(strstr(out, "ra                       a                         2     1     1    0.667    0.000"),
                       "%s", out);
    cr_expect_not_null(strstr(out, "apple*"), "%s", out);
    free(out);
    free_world(&w);
}

/* Ten two-word sentences "S0." .. "S9."; theme a: gold on s0-s5, the second labelling on s0-s3
 * and s6: both 4, gold only 2, second only 1, neither 3; observed 0.7, chance
 * (6*5 + 4*5)/100 = 0.5, kappa 0.4. Theme b has one gold positive: n/a. */
static void agreement_world(world *w, char *gold, size_t ng, char *agree, size_t na, const char *extra)
{
    make_world(w);
    write_file(w->corpus, "ten.txt", "S0. S1. S2. S3. S4. S5. S6. S7. S8. S9.");
    snprintf(gold, ng, "%s/ten.tsv", w->dir);
    snprintf(agree, na, "%s/second.tsv", w->dir);
    char g[1024] = "doc\tstart\tend\tlabels\tnote\n", a[2048] = "doc\tstart\tend\tlabels\n";
    for (int i = 0; i < 10; i++) {
        char line[128];
        snprintf(line, sizeof line, "ten.txt\t%d\t%d\t%s\t\n", 4 * i, 4 * i + 3, i == 0 ? "a,b" : i < 6 ? "a" : "");
        strcat(g, line);
        snprintf(line, sizeof line, "ten.txt\t%d\t%d\t%s\n", 4 * i, 4 * i + 3, (i < 4 || i == 6) ? "a" : "");
        strcat(a, line);
    }
    strcat(a, extra);
    write_file(w->dir, "ten.tsv", g);
    write_file(w->dir, "second.tsv", a);
}

static int run_agreement(world *w, const char *gold, const char *agree, tt_eval_format fmt, const char *theme,
                         char **out)
{
    tt_eval_config c = world_config(w, gold, fmt);
    c.agreement = agree;
    c.theme = theme;
    *out = NULL;
    return tt_eval_run(w->e, &c, to_buf, out);
}

Test(eval, agreement_kappa_per_theme, .description = "eval-9")
{
    world w;
    char gold[4400], agree[4400];
    agreement_world(&w, gold, sizeof gold, agree, sizeof agree, "");
    char *out;
    int st = run_agreement(&w, gold, agree, TT_EVAL_TSV, NULL, &out);
    cr_expect_eq(st, 0, "%s", w.dg.text);
    cr_expect_not_null(strstr(out, "\nagreement\ttheme\tgold\tsecond\tboth\tobserved\tkappa\n"
                                   "agreement\ta\t6\t5\t4\t0.7000\t0.4000\n"
                                   "agreement\tb\t1\t0\t0\t0.9000\t\n"),
                       "%s", out);
    free(out);
    run_agreement(&w, gold, agree, TT_EVAL_TEXT, NULL, &out);
    cr_expect_not_null(strstr(out, "== agreement ("), "%s", out);
    cr_expect_not_null(strstr(out, "a                                6/5    0.700    0.400\n"), "%s", out);
    cr_expect_not_null(strstr(out, "b                                1/0    0.900 n/a (fewer than 5 gold positives)"),
                       "%s", out);
    free(out);
    /* JSON: one object, the agreement beside the parts; --theme keeps one theme */
    run_agreement(&w, gold, agree, TT_EVAL_JSON, "a", &out);
    cr_expect_not_null(strstr(out, ",\"agreement\":{\"file\":\""), "%s", out);
    cr_expect_not_null(strstr(out, "\"sentences\":10,\"skipped\":0,\"themes\":[{\"theme\":\"a\",\"gold\":6,"
                                   "\"second\":5,\"both\":4,\"observed\":0.7000,\"kappa\":0.4000}]}}\n"),
                       "%s", out);
    cr_expect_null(strstr(out, "\"theme\":\"b\""), "%s", out);
    free(out);
    free_world(&w);
}

/* Bad rows are reported with their line (blank lines counted) and skipped, never counted: a row
 * without labels, a sentence that is not in the gold set, a repeat, an unknown theme. */
Test(eval, agreement_bad_rows_are_skipped_with_their_line, .description = "eval-10")
{
    world w;
    char gold[4400], agree[4400];
    agreement_world(&w, gold, sizeof gold, agree, sizeof agree,
                    "\n"
                    "ten.txt\t4\t7\n"
                    "ten.txt\t1\t3\ta\n"
                    "ten.txt\t0\t3\t\n"
                    "ten.txt\t8\t11\tzebra\n"
                    "ten.txt\t+8\t11\ta\n");
    char *out;
    int st = run_agreement(&w, gold, agree, TT_EVAL_TSV, NULL, &out);
    cr_expect_eq(st, 1, "%s", w.dg.text);
    /* the figures are those of the ten good rows */
    cr_expect_not_null(strstr(out, "agreement\ta\t6\t5\t4\t0.7000\t0.4000\n"), "%s", out);
    free(out);
    th_run r = th_cli(NULL, ARGS("eval", "--rules", w.dir, "--gold", gold, "--agreement", agree, "--format", "tsv"));
    cr_expect_eq(r.status, 1, "%s", r.err);
    const char *expect[] = {
        "second.tsv:13: expected doc, start, end, labels, tab-separated (offsets in digits)",
        "second.tsv:14: warning: ten.txt [1,3) skipped: it is not a sentence of the gold set",
        "second.tsv:15: warning: ten.txt [0,3) skipped: it was labelled above already",
        "second.tsv:16: unknown theme 'zebra' in the second labels",
        "second.tsv:17: expected doc, start, end, labels, tab-separated (offsets in digits)",
    };
    for (size_t i = 0; i < sizeof expect / sizeof *expect; i++)
        cr_expect_not_null(strstr(r.err, expect[i]), "missing \"%s\" in:\n%s", expect[i], r.err);
    th_run_free(&r);
    /* a file with nothing to compare, or none at all, is an error (2), like a bad --gold */
    write_file(w.dir, "second.tsv", "doc\tstart\tend\tlabels\n");
    cr_expect_eq(run_agreement(&w, gold, agree, TT_EVAL_TSV, NULL, &out), 2, "%s", w.dg.text);
    cr_expect_not_null(strstr(w.dg.text, "no sentence of the gold set to compare"), "%s", w.dg.text);
    free(out);
    char absent[4500];
    snprintf(absent, sizeof absent, "%s/absent.tsv", w.dir);
    cr_expect_eq(run_agreement(&w, gold, absent, TT_EVAL_TSV, NULL, &out), 2, "%s", w.dg.text);
    free(out);
    free_world(&w);
}

/* A TSV with the agreement table is still a baseline: its figures compare, its agreement rows
 * are skipped. */
Test(eval, agreement_table_does_not_break_a_baseline, .description = "eval-11")
{
    world w;
    char gold[4400], agree[4400];
    agreement_world(&w, gold, sizeof gold, agree, sizeof agree, "");
    char *out;
    run_agreement(&w, gold, agree, TT_EVAL_TSV, NULL, &out);
    write_file(w.dir, "base.tsv", out);
    free(out);
    char base[4500];
    snprintf(base, sizeof base, "%s/base.tsv", w.dir);
    tt_eval_config c = world_config(&w, gold, TT_EVAL_TSV);
    c.baseline = base;
    out = NULL;
    cr_expect_eq(tt_eval_run(w.e, &c, to_buf, &out), 0, "%s", out);
    /* for programs the verdict goes to the diagnostics, the figures stay clean */
    cr_expect_not_null(strstr(w.dg.text, "note: baseline "), "%s", w.dg.text);
    cr_expect_not_null(strstr(w.dg.text, "no figure fell by more than 0.005"), "%s", w.dg.text);
    cr_expect_null(strstr(out, "no figure fell"), "%s", out);
    free(out);
    free_world(&w);
}

/* The shipped second labelling names only sentences of the gold set (a boundary edit that
 * orphans one fails here), and corpus/README.md reports the kappa that eval computes from it. */
Test(eval, shipped_agreement_sample_matches_the_readme, .description = "eval-12", .timeout = 120)
{
    th_need_corpus();
    th_run r = th_cli(NULL, ARGS("eval", "--format", "tsv", "--agreement", "corpus/agreement/second-annotator.tsv"));
    cr_expect_eq(r.status, 0, "%s", r.err);
    size_t len;
    char *readme = th_read_file("corpus/README.md", &len);
    cr_assert_not_null(readme);
    static const char *const themes[] = {"counter-terrorism", "youth", "un-norms"};
    for (size_t i = 0; i < 3; i++) {
        char key[64], row[160];
        snprintf(key, sizeof key, "\nagreement\t%s\t", themes[i]);
        const char *k = strstr(r.out, key);
        cr_assert_not_null(k, "%s missing:\n%s", themes[i], r.out);
        unsigned g, a, both;
        double po, kappa;
        cr_assert_eq(sscanf(k + strlen(key), "%u %u %u %lf %lf", &g, &a, &both, &po, &kappa), 5);
        snprintf(row, sizeof row, "| %s | %u / %u | %.3f | %.3f |", themes[i], g, a, po, kappa);
        cr_expect_not_null(strstr(readme, row), "corpus/README.md lacks the row %s", row);
    }
    free(readme);
    th_run_free(&r);
}

static int run_changes(world *w, const char *changes, const char *save, tt_eval_format fmt, char **out)
{
    tt_eval_config c = world_config(w, w->gold, fmt);
    c.changes = changes;
    c.save_labels = save;
    *out = NULL;
    return tt_eval_run(w->e, &c, to_buf, out);
}

/* The world's rules give, on dev: s1 a (gold a), s2 nothing (gold b), s3 nothing, s4 a (gold
 * none); on test: "line 2" a,b (gold a,b). The labels "saved before" below differ: s1 had
 * nothing (a is gained, right), s2 had b (lost, now missed), s3 had a (dropped, rightly), s4
 * is unchanged; "line 2" had a only (b gained, right); "line 3" was not saved. */
Test(eval, changes_since_saved_labels, .description = "eval-13")
{
    world w;
    make_world(&w);
    char saved[4400], *out;
    snprintf(saved, sizeof saved, "%s/before.tsv", w.dir);
    /* saving, then comparing with what was saved: nothing moved */
    cr_expect_eq(run_changes(&w, NULL, saved, TT_EVAL_TEXT, &out), 0, "%s", w.dg.text);
    cr_expect_not_null(strstr(out, "saved the labels of the gold sentences to "), "%s", out);
    free(out);
    FILE *f = fopen(saved, "r");
    char text[1024] = "";
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = '\0';
    fclose(f);
    cr_expect_str_eq(text, "part\tdoc\tstart\tend\tlabels\n"
                           "dev\tdoc.txt\t0\t14\ta\n"
                           "dev\tdoc.txt\t15\t30\t\n"
                           "dev\tdoc.txt\t31\t46\t\n"
                           "dev\tdoc.txt\t47\t62\ta\n"
                           "test\tAn apple and a banana.\t0\t22\ta,b\n"
                           "test\tBananas only.\t0\t13\tb\n"
                           "test\tNothing.\t0\t8\t\n");
    cr_expect_eq(run_changes(&w, saved, NULL, TT_EVAL_TEXT, &out), 0, "%s", w.dg.text);
    cr_expect_not_null(strstr(out, "changes since "), "%s", out);
    cr_expect_not_null(strstr(out, ": 4 of 4 sentences compared, 0 moved\n"), "%s", out);
    free(out);

    write_file(w.dir, "before.tsv", "part\tdoc\tstart\tend\tlabels\n"
                                    "dev\tdoc.txt\t0\t14\t\n"
                                    "dev\tdoc.txt\t15\t30\tb\n"
                                    "dev\tdoc.txt\t31\t46\ta\n"
                                    "dev\tdoc.txt\t47\t62\ta\n"
                                    "test\tAn apple and a banana.\t0\t22\ta\n"
                                    "dev\tgone.txt\t0\t5\ta\n"
                                    "dev\tdoc.txt\tx\t14\ta\n"
                                    "dev\tdoc.txt\t0\t14\tzebra\n");
    int st = run_changes(&w, saved, NULL, TT_EVAL_TEXT, &out);
    cr_expect_eq(st, 1, "rows that cannot be read make it 1: %s", w.dg.text);
    cr_expect_not_null(strstr(w.dg.text, "before.tsv: error: expected part, doc, start, end, labels"), "%s",
                       w.dg.text);
    cr_expect_not_null(strstr(w.dg.text, "before.tsv: error: unknown theme 'zebra' in the saved labels"), "%s",
                       w.dg.text);
    cr_expect_not_null(strstr(out, ": 4 of 4 sentences compared, 3 moved\n"), "%s", out);
    /* a: s1 gained (+TP), s3 dropped (-FP); before tp 0 fp 2 fn 1, now tp 1 fp 1: F1 0 -> 0.667.
     * b: s2 lost (-TP); before tp 1, now fn 1: F1 1 -> 0 */
    cr_expect_not_null(strstr(out, "a                          1     0     0     1     0.000   0.667\n"), "%s", out);
    cr_expect_not_null(strstr(out, "b                          0     1     0     0     1.000   0.000\n"), "%s", out);
    cr_expect_not_null(strstr(out, "+TP dev a doc.txt [0,14) "), "%s", out);
    cr_expect_not_null(strstr(out, "  rule ra: "), "the rule that gives it now: %s", out);
    cr_expect_not_null(strstr(out, "-TP dev b doc.txt [15,30) "), "%s", out);
    cr_expect_not_null(strstr(out, "-FP dev a doc.txt [31,46) "), "%s", out);
    cr_expect_null(strstr(out, "[47,62)"), "an unmoved sentence is not listed: %s", out);
    cr_expect_not_null(strstr(out, "+TP test b line 2 [0,22) "), "%s", out);
    cr_expect_not_null(strstr(out, ": 1 of 3 sentences compared, 1 moved (2 without saved labels)\n"), "%s", out);
    cr_expect_not_null(strstr(w.dg.text, "note: 1 saved row names no gold sentence now"), "%s", w.dg.text);
    free(out);

    /* TSV: a table per part and theme, then one row a move, with the rules that give it now */
    run_changes(&w, saved, NULL, TT_EVAL_TSV, &out);
    cr_expect_not_null(strstr(out, "\nchanges\tpart\ttheme\tgained_tp\tlost_tp\tgained_fp\tlost_fp\tf1_before\tf1_now\n"
                                   "changes\tdev\ta\t1\t0\t0\t1\t0.0000\t0.6667\n"
                                   "changes\tdev\tb\t0\t1\t0\t0\t1.0000\t0.0000\n"),
                       "%s", out);
    cr_expect_not_null(strstr(out, "changed\tdev\ta\tdoc.txt\t0\t14\tgained_tp\tra\n"
                                   "changed\tdev\tb\tdoc.txt\t15\t30\tlost_tp\t\n"
                                   "changed\tdev\ta\tdoc.txt\t31\t46\tlost_fp\t\n"
                                   "changed\ttest\tb\tAn apple and a banana.\t0\t22\tgained_tp\trb\n"),
                       "%s", out);
    free(out);
    /* JSON: in each part, with the sentences */
    run_changes(&w, saved, NULL, TT_EVAL_JSON, &out);
    cr_expect_not_null(strstr(out, "\"changes\":{\"file\":\""), "%s", out);
    cr_expect_not_null(strstr(out, "{\"theme\":\"b\",\"doc\":\"doc.txt\",\"start\":15,\"end\":30,"
                                   "\"change\":\"lost_tp\",\"rules\":[]}"),
                       "%s", out);
    cr_expect_not_null(strstr(out, "\"changes_unmatched\":1}"), "%s", out);
    free(out);
    /* a baseline written with the changes tables is still a baseline */
    char base[4400];
    snprintf(base, sizeof base, "%s/base.tsv", w.dir);
    write_file(w.dir, "base.tsv", "");
    run_changes(&w, saved, NULL, TT_EVAL_TSV, &out);
    write_file(w.dir, "base.tsv", out);
    free(out);
    tt_eval_config c = world_config(&w, w.gold, TT_EVAL_TEXT);
    c.baseline = base;
    out = NULL;
    cr_expect_eq(tt_eval_run(w.e, &c, to_buf, &out), 0, "%s", out);
    free(out);

    /* from the command line: bad rows are named with their line */
    th_run r = th_cli(NULL, ARGS("eval", "--rules", w.dir, "--gold", w.gold, "--changes", saved));
    cr_expect_eq(r.status, 1, "%s", r.err);
    cr_expect_not_null(strstr(r.err, "before.tsv:8: expected part, doc, start, end, labels"), "%s", r.err);
    cr_expect_not_null(strstr(r.err, "before.tsv:9: unknown theme 'zebra' in the saved labels"), "%s", r.err);
    th_run_free(&r);
    /* a file not saved yet is no error when this run saves it */
    char fresh[4400];
    snprintf(fresh, sizeof fresh, "%s/fresh.tsv", w.dir);
    r = th_cli(NULL, ARGS("eval", "--rules", w.dir, "--gold", w.gold, "--changes", fresh, "--save-labels", fresh));
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.err, "no labels saved yet"), "%s", r.err);
    th_run_free(&r);
    r = th_cli(NULL, ARGS("eval", "--rules", w.dir, "--gold", w.gold, "--changes", fresh, "--save-labels", fresh));
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_not_null(strstr(r.out, ": 4 of 4 sentences compared, 0 moved\n"), "%s", r.out);
    th_run_free(&r);
    /* but an unreadable file to compare with is */
    char absent[4400];
    snprintf(absent, sizeof absent, "%s/absent.tsv", w.dir);
    r = th_cli(NULL, ARGS("eval", "--rules", w.dir, "--gold", w.gold, "--changes", absent));
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect_not_null(strstr(r.err, "absent.tsv: cannot read: No such file or directory"), "%s", r.err);
    th_run_free(&r);
    free_world(&w);
}

/* The corners of saved labels: sentence gold keyed by its text (a file added before it moves no
 * label), a failed save, one file named two ways, a file that names no gold sentence, labels of
 * the keyword baseline, and a span that holds no words. */
Test(eval, changes_corner_cases, .description = "eval-16")
{
    world w;
    make_world(&w);
    char saved[4400], *out;
    snprintf(saved, sizeof saved, "%s/before.tsv", w.dir);
    cr_expect_eq(run_changes(&w, NULL, saved, TT_EVAL_TEXT, &out), 0, "%s", w.dg.text);
    free(out);
    /* a sentence gold file sorted before s.tsv: its "line 2" is another sentence */
    char sub[4400];
    snprintf(sub, sizeof sub, "%s/test", w.gold);
    write_file(sub, "a.tsv", "labels\ttext\nb\tA green banana here.\n");
    cr_expect_eq(run_changes(&w, saved, NULL, TT_EVAL_TEXT, &out), 0, "%s", w.dg.text);
    cr_expect_not_null(strstr(out, ": 3 of 4 sentences compared, 0 moved (1 without saved labels)\n"), "%s", out);
    free(out);
    /* a save that fails says so once, and not that it saved */
    cr_expect_eq(run_changes(&w, NULL, "/nonexistent/dir/labels.tsv", TT_EVAL_TEXT, &out), 2);
    cr_expect_null(strstr(out, "saved the labels"), "%s", out);
    cr_expect_not_null(strstr(w.dg.text, "cannot write"), "%s", w.dg.text);
    free(out);
    /* the same new file named two ways: the first run saves, no error */
    char a[4400], b[4400];
    snprintf(a, sizeof a, "%s/new.tsv", w.dir);
    snprintf(b, sizeof b, "%s/./new.tsv", w.dir);
    cr_expect_eq(run_changes(&w, a, b, TT_EVAL_TEXT, &out), 0, "%s", w.dg.text);
    cr_expect_not_null(strstr(w.dg.text, "no labels saved yet"), "%s", w.dg.text);
    free(out);
    /* a file that names no gold sentence is nothing to compare: an error, like --agreement */
    write_file(w.dir, "none.tsv", "part\tdoc\tstart\tend\tlabels\ndev\tother.txt\t0\t5\ta\n");
    snprintf(a, sizeof a, "%s/none.tsv", w.dir);
    cr_expect_eq(run_changes(&w, a, NULL, TT_EVAL_TEXT, &out), 2);
    cr_expect_not_null(strstr(w.dg.text, "no sentence of the gold set to compare (1 row names none"), "%s",
                       w.dg.text);
    free(out);
    /* labels of the keyword baseline compared with the rules: said */
    tt_eval_config c = world_config(&w, w.gold, TT_EVAL_TEXT);
    c.flags = TT_EVAL_KEYWORDS;
    c.save_labels = saved;
    out = NULL;
    cr_expect_eq(tt_eval_run(w.e, &c, to_buf, &out), 0, "%s", w.dg.text);
    free(out);
    cr_expect_eq(run_changes(&w, saved, NULL, TT_EVAL_TEXT, &out), 0, "%s", w.dg.text);
    cr_expect_not_null(strstr(w.dg.text, "warning: it holds the labels of the keyword baseline; this run is of the rules"),
                       "%s", w.dg.text);
    free(out);
    /* a gold span with no words: its miss is explained as such, not by the sentence before */
    snprintf(sub, sizeof sub, "%s/dev", w.gold);
    write_file(sub, "h.tsv", "doc\tstart\tend\tlabels\tnote\ndoc.txt\t14\t14\ta\t\n");
    run_eval(&w, TT_EVAL_TEXT, TT_EVAL_ERRORS, NULL, NULL, &out);
    cr_expect_not_null(strstr(out, "FN dev a doc.txt [14,14) "), "%s", out);
    cr_expect_not_null(strstr(out, "h.tsv:2\n  the span holds no words to classify\n"), "%s", out);
    free(out);
    free_world(&w);
}

/* Baseline figures are compared as written: rounding alone is no move; a part may be named like
 * the tables that TSV output adds after the figures. */
Test(eval, baseline_rounding_and_part_names, .description = "eval-17")
{
    world w;
    make_world(&w);
    /* 32 sentences, theme a given on all, right on one: precision 1/32 = 0.03125 */
    char dir[4400], gold[4500], base[4500], *out;
    snprintf(dir, sizeof dir, "%s/changes", w.dir);
    mkdir(dir, 0755);
    char g[2048] = "labels\ttext\na\tAn apple.\n";
    for (int i = 0; i < 31; i++)
        strcat(g, "\tApple pie.\n");
    write_file(dir, "g.tsv", g);
    snprintf(gold, sizeof gold, "%s/changes", w.dir);
    snprintf(base, sizeof base, "%s/b.tsv", w.dir);
    tt_eval_config c = world_config(&w, gold, TT_EVAL_TEXT);
    c.write_baseline = base;
    out = NULL;
    cr_expect_eq(tt_eval_run(w.e, &c, to_buf, &out), 0, "%s", w.dg.text);
    free(out);
    c = world_config(&w, gold, TT_EVAL_TEXT);
    c.baseline = base;
    out = NULL;
    cr_expect_eq(tt_eval_run(w.e, &c, to_buf, &out), 0, "%s", out);
    cr_expect_null(strstr(out, "figures that moved"), "rounding is no move: %s", out);
    free(out);
    /* the part is named "changes": its figures are still figures */
    write_file(w.dir, "b.tsv", "part\ttheme\tprecision\trecall\tf1\tsupport\ttp\tfp\tfn\n"
                               "changes\ta\t0.5000\t1.0000\t0.6667\t1\t1\t1\t0\n");
    c = world_config(&w, gold, TT_EVAL_TEXT);
    c.baseline = base;
    out = NULL;
    cr_expect_eq(tt_eval_run(w.e, &c, to_buf, &out), 3, "%s", out);
    cr_expect_not_null(strstr(out, "regression: changes a precision 0.0312, baseline 0.5000"), "%s", out);
    free(out);
    free_world(&w);
}

/* --baseline shows every figure that moved, up or down, not only the regressions. */
Test(eval, baseline_lists_the_figures_that_moved, .description = "eval-14")
{
    world w;
    make_world(&w);
    char base[4300], *out;
    write_file(w.dir, "b.tsv", "part\ttheme\tprecision\trecall\tf1\tsupport\ttp\tfp\tfn\n"
                               "dev\ta\t0.5040\t0.9000\t0.6667\t1\t1\t1\t0\n"
                               "dev\tb\t0.0000\t0.0000\t0.0000\t1\t0\t0\t1\n");
    snprintf(base, sizeof base, "%s/b.tsv", w.dir);
    cr_expect_eq(run_eval(&w, TT_EVAL_TEXT, 0, base, NULL, &out), 0);
    cr_expect_not_null(strstr(out, "figures that moved since the baseline "), "%s", out);
    cr_expect_not_null(strstr(out, "  dev   a                    precision 0.5040 -> 0.5000 (-0.0040)\n"
                                   "  dev   a                    recall    0.9000 -> 1.0000 (+0.1000)\n"),
                       "%s", out);
    cr_expect_null(strstr(out, "dev   a                    f1"), "an unmoved figure is not listed: %s", out);
    cr_expect_null(strstr(out, "dev   b "), "%s", out);
    free(out);
    free_world(&w);
}

/* The shipped rules against the committed figures: a change that costs quality fails. */
Test(eval, shipped_rules_hold_the_baseline, .description = "eval-7", .timeout = 120)
{
    th_need_corpus();
    th_run r = th_cli(NULL, ARGS("eval", "--baseline", "corpus/baseline.tsv"));
    cr_log_info("%s", r.out);
    cr_expect_eq(r.status, 0, "eval --baseline corpus/baseline.tsv exited %d:\n%s\n%s", r.status, r.out, r.err);
    th_run_free(&r);
}

Test(eval, shipped_rules_beat_the_keyword_baseline, .description = "eval-8", .timeout = 120)
{
    th_need_corpus();
    th_run rules = th_cli(NULL, ARGS("eval", "--format", "tsv"));
    th_run kw = th_cli(NULL, ARGS("eval", "--format", "tsv", "--keywords"));
    cr_assert_eq(rules.status, 0, "%s", rules.err);
    cr_assert_eq(kw.status, 0, "%s", kw.err);
    /* compare F1 theme by theme on each part */
    char *save1 = NULL;
    for (char *l = strtok_r(rules.out, "\n", &save1); l; l = strtok_r(NULL, "\n", &save1)) {
        char part[32], theme[64];
        double p, rc, f;
        if (sscanf(l, "%31s %63s %lf %lf %lf", part, theme, &p, &rc, &f) != 5 || strcmp(theme, "segmenter") == 0)
            continue;
        char key[128];
        snprintf(key, sizeof key, "%s\t%s\t", part, theme);
        char *k = strstr(kw.out, key);
        cr_assert_not_null(k, "%s missing from the keyword baseline", key);
        double kp, kr, kf;
        sscanf(k + strlen(key), "%lf %lf %lf", &kp, &kr, &kf);
        cr_expect_gt(f, kf, "%s %s: rules F1 %.3f, keywords %.3f", part, theme, f, kf);
    }
    th_run_free(&rules);
    th_run_free(&kw);
}
