/*
 * test_rules.c - the rule language: parser fixtures (valid files, invalid files with their
 * exact messages), one test per construct with positive and negative sentences, term
 * semantics (stem, exact, glob, phrase; hyphens, British/American), regex limits, explain,
 * the inline examples of the shipped rules, and one engine used from two threads.
 * Test ids: rules-<area>.<n>.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"
#include "themetag.h"

TestSuite(rules, .fini = th_leak_check);

/* The labels of one sentence, comma-separated theme names. */
static char *labels_of(tt_engine *e, const char *sentence)
{
    static char out[512];
    tt_scanner *s = tt_scanner_new(e);
    const tt_sentence *sent;
    size_t n;
    tt_scanner_classify(s, sentence, strlen(sentence), TT_ONE_SENTENCE, &sent, &n);
    out[0] = '\0';
    for (size_t t = 0; n && t < tt_engine_theme_count(e); t++)
        if (sent[0].labels & (1ull << t)) {
            if (out[0])
                strcat(out, ",");
            strcat(out, tt_engine_theme_name(e, t));
        }
    tt_scanner_free(s);
    return out;
}

/* A one-theme rule set "t" with one rule matching expr, plus lexicons. */
typedef struct fixture {
    char *dir;
    tt_engine *e;
    th_diags dg;
} fixture;

static void setup_rule(fixture *f, const char *match, const char *const *lexicons)
{
    char rules[4096];
    snprintf(rules, sizeof rules, "theme t \"a test theme\"\nrule r for t\n    match %s\n", match);
    f->dir = th_rule_dir(rules, lexicons);
    memset(&f->dg, 0, sizeof f->dg);
    f->e = th_engine(f->dir, 0, &f->dg);
    cr_assert_not_null(f->e, "the rule set should compile: %s", f->dg.text);
}

static void teardown_rule(fixture *f)
{
    tt_engine_free(f->e);
    th_rm_rf(f->dir);
    free(f->dir);
}

#define YES(f, s) cr_expect_str_eq(labels_of((f)->e, s), "t", "should match: %s", s)
#define NO(f, s) cr_expect_str_eq(labels_of((f)->e, s), "", "should not match: %s", s)

/* ---- rules-1: terms */

Test(rules, stem_term_and_spelling_variants, .description = "rules-1.1")
{
    fixture f;
    setup_rule(&f, "organisation or programme", NULL);
    YES(&f, "The Organization met.");
    YES(&f, "Regional organisations met.");
    YES(&f, "ORGANIZATIONS met.");
    YES(&f, "Their programs work.");
    YES(&f, "Our programmes work.");
    NO(&f, "Progress is slow.");
    /* Snowball gives organize, organization and organ one stem: a stem term is that broad */
    YES(&f, "They organised a meeting.");
    teardown_rule(&f);
}

Test(rules, exact_term_keeps_case, .description = "rules-1.2")
{
    fixture f;
    setup_rule(&f, "=US or =IS", NULL);
    YES(&f, "The US delegation spoke.");
    YES(&f, "IS fighters retreated.");
    NO(&f, "Let us speak.");
    NO(&f, "It is late.");
    NO(&f, "The Us and Them album.");
    teardown_rule(&f);
}

Test(rules, glob_term, .description = "rules-1.3")
{
    fixture f;
    setup_rule(&f, "terror*", NULL);
    YES(&f, "Terrorism is a threat.");
    YES(&f, "The terrorists fled.");
    YES(&f, "Our anti-terrorist unit.");
    YES(&f, "Counter-terrorism cooperation.");
    NO(&f, "The territory is vast.");
    teardown_rule(&f);
}

Test(rules, phrase_term_normalised_word_by_word, .description = "rules-1.4")
{
    fixture f;
    setup_rule(&f, "\"key Internet resources\" or \"youth programme\"", NULL);
    YES(&f, "The management of key internet resources matters.");
    YES(&f, "Its youth programs grow.");
    YES(&f, "Our youth programmes grow.");
    NO(&f, "Key resources of the Internet.");
    NO(&f, "Youth and programmes.");
    teardown_rule(&f);
}

Test(rules, hyphenated_term_whole_joined_or_spaced, .description = "rules-1.5")
{
    fixture f;
    setup_rule(&f, "counter-terrorism", NULL);
    YES(&f, "Counter-terrorism cooperation.");
    YES(&f, "Counterterrorism cooperation.");
    YES(&f, "Counter terrorism cooperation.");
    YES(&f, "The counter-\nterrorism committee.");
    NO(&f, "Terrorism alone.");
    teardown_rule(&f);
}

Test(rules, part_of_a_hyphenated_word, .description = "rules-1.6")
{
    fixture f;
    setup_rule(&f, "terrorist", NULL);
    YES(&f, "The SCO Regional Anti-Terrorist Structure.");
    YES(&f, "A terrorist attack.");
    NO(&f, "Terror reigns.");
    teardown_rule(&f);
}

Test(rules, phrase_glob_and_exact_words, .description = "rules-1.7")
{
    fixture f;
    setup_rule(&f, "\"violent extremis*\" or \"=UN Charter\"", NULL);
    YES(&f, "Violent extremists attacked.");
    YES(&f, "Preventing violent extremism.");
    YES(&f, "The UN Charter applies.");
    NO(&f, "The un charter applies.");
    teardown_rule(&f);
}

Test(rules, acronyms_and_plurals, .description = "rules-1.8")
{
    fixture f;
    setup_rule(&f, "ICT", NULL);
    YES(&f, "The use of ICTs for criminal purposes.");
    YES(&f, "ICT security.");
    teardown_rule(&f);
}

Test(rules, regex_caseless_and_case_sensitive, .description = "rules-1.9")
{
    fixture f;
    setup_rule(&f, "/\\bda.?esh\\b/ or /\\bISIL\\b/c", NULL);
    YES(&f, "DAESH fighters.");
    YES(&f, "Da'esh fighters.");
    YES(&f, "ISIL fighters.");
    NO(&f, "Isil fighters.");
    teardown_rule(&f);
}

/* ---- rules-2: operators */

Test(rules, and_or_not_parentheses, .description = "rules-2.1")
{
    fixture f;
    setup_rule(&f, "(youth or children) and not (killed or victims)", NULL);
    YES(&f, "Youth need jobs.");
    YES(&f, "Children need schools.");
    NO(&f, "Children were killed.");
    NO(&f, "Adults need jobs.");
    teardown_rule(&f);
}

Test(rules, n_of_list, .description = "rules-2.2")
{
    fixture f;
    setup_rule(&f, "2 of (Internet, control, state)", NULL);
    YES(&f, "The state controls it.");
    YES(&f, "Internet control.");
    NO(&f, "The Internet is wide.");
    NO(&f, "Nothing here.");
    teardown_rule(&f);
}

Test(rules, all_of_and_any_of, .description = "rules-2.3")
{
    fixture f;
    setup_rule(&f, "all of (data, border) or any of (ICANN, IANA)", NULL);
    YES(&f, "Data crosses the border.");
    YES(&f, "ICANN manages names.");
    NO(&f, "Data only.");
    teardown_rule(&f);
}

Test(rules, near_within_k_words_either_order, .description = "rules-2.4")
{
    fixture f;
    setup_rule(&f, "Internet near/3 control", NULL);
    YES(&f, "Internet control.");                          /* no word between */
    YES(&f, "Control of the Internet.");                   /* 2 between, other order */
    YES(&f, "Control of all the Internet.");               /* 3 between */
    NO(&f, "Control of all of the Internet.");             /* 4 between */
    YES(&f, "The Internet is under state control.");      /* 3 between */
    NO(&f, "The Internet is now very much under state control.");
    teardown_rule(&f);
}

Test(rules, near_with_phrases_and_lexicons, .description = "rules-2.5")
{
    static const char *const lex[] = {"net", "Internet\n\"information space\"\n", NULL};
    fixture f;
    setup_rule(&f, "@net near/2 (block* or filter*)", lex);
    YES(&f, "They blocked the information space.");
    YES(&f, "Internet filtering.");
    NO(&f, "They blocked many roads and the information space is open.");
    teardown_rule(&f);
}

Test(rules, unless_vetoes_the_rule, .description = "rules-2.6")
{
    char *dir = th_rule_dir("theme t \"t\"\nrule r for t\n    match young\n    unless organization or democracy\n", NULL);
    th_diags dg = {0};
    tt_engine *e = th_engine(dir, 0, &dg);
    cr_assert_not_null(e, "%s", dg.text);
    cr_expect_str_eq(labels_of(e, "Young people vote."), "t");
    cr_expect_str_eq(labels_of(e, "A young organisation."), "");
    cr_expect_str_eq(labels_of(e, "Our young democracy."), "");
    tt_engine_free(e);
    th_rm_rf(dir);
    free(dir);
}

Test(rules, lexicon_with_notes_comments_and_all_term_kinds, .description = "rules-2.7")
{
    static const char *const lex[] = {
        "mixed",
        "# a comment line\n"
        "\n"
        "terror*        -- a note\n"
        "=IS            # a comment\n"
        "\"three evils\" -- the SCO's name\n"
        "/\\bDa.?esh\\b/\n"
        "organisation\r\n",
        NULL};
    fixture f;
    setup_rule(&f, "@mixed", lex);
    YES(&f, "Terrorists.");
    YES(&f, "IS fighters.");
    YES(&f, "The three evils.");
    YES(&f, "Da'esh.");
    YES(&f, "The organization.");
    NO(&f, "It is.");
    teardown_rule(&f);
}

Test(rules, themes_in_declared_order_rules_across_includes, .description = "rules-2.8")
{
    char *dir = th_rule_dir("# order: b before a\n"
                            "theme b \"second letter\"\n"
                            "theme a \"first letter\"\n"
                            "include \"more.rules\"\n",
                            NULL);
    char path[4200];
    snprintf(path, sizeof path, "%s/rules/more.rules", dir);
    FILE *fp = fopen(path, "w");
    fputs("rule ra for a\n    match apple\n    note \"fruit\"\nrule rb for b\n    match banana\n", fp);
    fclose(fp);
    th_diags dg = {0};
    tt_engine *e = th_engine(dir, 0, &dg);
    cr_assert_not_null(e, "%s", dg.text);
    cr_expect_str_eq(tt_engine_theme_name(e, 0), "b");
    cr_expect_str_eq(tt_engine_theme_name(e, 1), "a");
    cr_expect_str_eq(tt_engine_theme_description(e, 1), "first letter");
    cr_expect_str_eq(labels_of(e, "An apple and a banana."), "b,a", "labels in declared order");
    cr_expect_eq(tt_engine_rule_count(e), 2);
    cr_expect_str_eq(tt_engine_rule_note(e, 0), "fruit");
    cr_expect_eq(tt_engine_rule_theme(e, 0), 1);
    tt_engine_free(e);
    th_rm_rf(dir);
    free(dir);
}

/* ---- rules-3: compile errors, exact text */

static void expect_errors(const char *rules, const char *const *lexicons, const char *want)
{
    char *dir = th_rule_dir(rules, lexicons);
    th_diags dg = {0};
    tt_engine *e = th_engine(dir, 0, &dg);
    cr_expect_null(e, "the rule set should not compile");
    cr_expect_str_eq(dg.text, want);
    tt_engine_free(e);
    th_rm_rf(dir);
    free(dir);
}

static const char *const terrorism_lex[] = {"terrorism", "terror*\n", NULL};

Test(rules, error_unknown_lexicon, .description = "rules-3.1")
{
    expect_errors("theme t \"t\"\nrule r for t\n    match @terorism\n", terrorism_lex,
                  "rules/themetag.rules:3:11: error: unknown lexicon @terorism (no file "
                  "lexicons/terorism.lex); did you mean @terrorism?\n");
}

/* Like expect_errors, with every %s in want standing for the rule folder's path. */
static void expect_errors_in(const char *rules, const char *const *lexicons, const char *fmt)
{
    char *dir = th_rule_dir(rules, lexicons);
    th_diags dg = {0};
    tt_engine *e = th_engine(dir, 0, &dg);
    cr_expect_null(e, "the rule set should not compile");
    /* want: fmt with each "%s" replaced by the folder */
    char want[8192];
    size_t w = 0;
    for (const char *p = fmt; *p && w + strlen(dir) + 1 < sizeof want; p++) {
        if (p[0] == '%' && p[1] == 's') {
            memcpy(want + w, dir, strlen(dir));
            w += strlen(dir);
            p++;
        } else {
            want[w++] = *p;
        }
    }
    want[w] = '\0';
    cr_expect_str_eq(dg.text, want);
    tt_engine_free(e);
    th_rm_rf(dir);
    free(dir);
}

Test(rules, error_duplicate_rule_name, .description = "rules-3.2")
{
    expect_errors_in("theme t \"t\"\nrule r for t\n    match a\nrule r for t\n    match b\n", NULL,
                     "rules/themetag.rules:4:1: error: duplicate rule name 'r' (first defined at "
                     "%s/rules/themetag.rules:2)\n");
}

Test(rules, error_empty_lexicon, .description = "rules-3.3")
{
    static const char *const lex[] = {"empty", "# nothing here\n\n", NULL};
    char *dir = th_rule_dir("theme t \"t\"\nrule r for t\n    match @empty\n", lex);
    th_diags dg = {0};
    tt_engine *e = th_engine(dir, 0, &dg);
    cr_expect_null(e);
    char want[8192];
    snprintf(want, sizeof want,
             "rules/themetag.rules:3:11: error: lexicon @empty has no entries (%s/lexicons/empty.lex)\n", dir);
    cr_expect_str_eq(dg.text, want);
    th_rm_rf(dir);
    free(dir);
}

Test(rules, error_bad_regex_with_pcre2_message_and_offset, .description = "rules-3.4")
{
    expect_errors("theme t \"t\"\nrule r for t\n    match /(abc/ or x\n", NULL,
                  "rules/themetag.rules:3:16: error: bad regular expression: missing closing "
                  "parenthesis (at offset 4 of the pattern)\n");
}

Test(rules, error_unbalanced_parenthesis, .description = "rules-3.5")
{
    expect_errors("theme t \"t\"\nrule r for t\n    match (a or b\n", NULL,
                  "rules/themetag.rules:4:1: error: expected ')' to close the '(' at 3:11; found "
                  "the end of the file\n");
}

Test(rules, error_unknown_theme, .description = "rules-3.6")
{
    expect_errors("theme youth \"y\"\ntheme un-norms \"u\"\nrule r for yuoth\n    match a\n", NULL,
                  "rules/themetag.rules:3:12: error: unknown theme 'yuoth' (declared: youth, un-norms)\n");
}

Test(rules, error_terms_without_operator_and_recovery, .description = "rules-3.7")
{
    /* two mistakes in two rules: both reported, the parser resumes at the next rule */
    expect_errors("theme t \"t\"\nrule r1 for t\n    match terrorism extremism\n"
                  "rule r2 for t\n    match and x\n",
                  NULL,
                  "rules/themetag.rules:3:21: error: expected 'and', 'or', 'near/K', or a new clause "
                  "(match, unless, note) or declaration (terms side by side must be joined by 'and' or "
                  "'or'); found 'extremism'\n"
                  "rules/themetag.rules:5:11: error: expected a term (a word, word*, =Word, \"a phrase\", "
                  "/regex/ or @lexicon), '(', 'not' or 'N of (...)'; found 'and'\n");
}

Test(rules, error_missing_include_and_bad_lexicon_line, .description = "rules-3.8")
{
    static const char *const lex[] = {"bad", "good\ntwo words\n", NULL};
    expect_errors_in("theme t \"t\"\ninclude \"missing.rules\"\nrule r for t\n    match @bad\n", lex,
                  "rules/themetag.rules:2:9: error: cannot read included file '%s/rules/missing.rules': "
                  "No such file or directory\n"
                  "lexicons/bad.lex:2:5: error: expected one entry a line, then nothing, '# comment' or "
                  "' -- note' (write several words as a \"quoted phrase\")\n");
}

Test(rules, error_near_needs_terms_and_match_needs_positive, .description = "rules-3.9")
{
    expect_errors("theme t \"t\"\nrule r1 for t\n    match (a and b) near/3 c\nrule r2 for t\n    match not c\n",
                  NULL,
                  "rules/themetag.rules:3:12: error: 'near/3' needs terms, lexicons, regexes or 'or' of "
                  "them on both sides\n"
                  "rules/themetag.rules:5:11: error: the match clause of rule 'r2' must find something (it "
                  "is only negative)\n");
}

/* ---- rules-4: warnings */

Test(rules, warnings_unused_duplicate_shadowed, .description = "rules-4.1")
{
    static const char *const lex[] = {"words", "terror*\nterrorists\nregion\nregions\n",
                                      "spare", "anything\n", NULL};
    char *dir = th_rule_dir("theme t \"t\"\nrule r for t\n    match @words\n", lex);
    th_diags dg = {0};
    tt_engine *e = th_engine(dir, TT_ENGINE_WARNINGS, &dg);
    cr_assert_not_null(e, "warnings do not stop the compiler: %s", dg.text);
    char want[8192];
    snprintf(want, sizeof want,
             "lexicons/words.lex:4:1: warning: duplicate entry 'regions': it matches what 'region' "
             "(line 3) matches\n"
             "lexicons/spare.lex:1:1: warning: lexicon @spare is not used by any rule\n"
             "lexicons/words.lex:2:1: warning: entry 'terrorists' is shadowed by the broader glob "
             "'terror*' (%s/lexicons/words.lex:1) in theme t\n",
             dir);
    cr_expect_str_eq(dg.text, want);
    tt_engine_free(e);
    th_rm_rf(dir);
    free(dir);
}

/* ---- rules-5: regex limits, context, explanations, examples, threads */

static void count_warning(const tt_diag *d, void *ud)
{
    if (d->severity == TT_WARNING) {
        th_diags *g = ud;
        th_collect_diag(d, g);
    }
}

Test(rules, catastrophic_regex_stops_with_a_warning, .description = "rules-5.1", .timeout = 60)
{
    char *dir = th_rule_dir("theme t \"t\"\nrule r for t\n    match /(a|aa)+$/ or apple\n", NULL);
    th_diags dg = {0};
    dg.strip = dir;
    tt_engine_config cfg = {0};
    cfg.rules_dir = dir;
    cfg.diag = count_warning;
    cfg.diag_userdata = &dg;
    tt_engine *e = NULL;
    cr_assert_eq(tt_engine_new(&cfg, &e), TT_OK);
    tt_scanner *s = tt_scanner_new(e);
    char text[256];
    memset(text, 'a', 60);
    strcpy(text + 60, " and an apple!");
    time_t t0 = time(NULL);
    const tt_sentence *sent;
    size_t n;
    for (int i = 0; i < 3; i++)
        tt_scanner_classify(s, text, strlen(text), TT_ONE_SENTENCE, &sent, &n);
    cr_expect_lt(time(NULL) - t0, 20, "the match limit ends the regex quickly");
    cr_expect_eq(n, 1);
    cr_expect_eq(sent[0].labels, 1, "the rest of the rule still matches (apple)");
    cr_expect_str_eq(dg.text, "rules/themetag.rules: warning: rule r: regular expression /(a|aa)+$/ stopped on the "
                              "sentence at byte 0: match limit exceeded; it counts as not matching there (warned "
                              "once)\n",
                     "one warning, not one a sentence");
    tt_scanner_free(s);
    tt_engine_free(e);
    th_rm_rf(dir);
    free(dir);
}

Test(rules, after_sees_the_sentence_before, .description = "rules-5.2")
{
    char *dir = th_rule_dir("theme y \"young\"\nrule r1 for y\n    match youth\n"
                            "rule r2 for y\n    match after y and /^They\\b/c\n",
                            NULL);
    th_diags dg = {0};
    tt_engine *e = th_engine(dir, 0, &dg);
    cr_assert_not_null(e, "%s", dg.text);
    tt_scanner *s = tt_scanner_new(e);
    const char *doc = "Youth face risks. They are exposed online. They need help? No. They wait.";
    const tt_sentence *sent;
    size_t n;
    tt_scanner_classify(s, doc, strlen(doc), TT_SEGMENT, &sent, &n);
    cr_assert_eq(n, 5);
    cr_expect_eq(sent[0].labels, 1);
    cr_expect_eq(sent[1].labels, 1, "'They' after a youth sentence");
    cr_expect_eq(sent[2].labels, 1, "and again: the chain goes on");
    cr_expect_eq(sent[3].labels, 0);
    cr_expect_eq(sent[4].labels, 0, "the sentence before has no theme");
    /* one sentence at a time: TT_CONTINUE carries the context, without it there is none */
    tt_scanner_classify(s, "Youth face risks.", 17, TT_ONE_SENTENCE, &sent, &n);
    tt_scanner_classify(s, "They wait.", 10, TT_ONE_SENTENCE | TT_CONTINUE, &sent, &n);
    cr_expect_eq(sent[0].labels, 1);
    tt_scanner_classify(s, "They wait.", 10, TT_ONE_SENTENCE, &sent, &n);
    cr_expect_eq(sent[0].labels, 0);
    tt_scanner_free(s);
    tt_engine_free(e);
    th_rm_rf(dir);
    free(dir);
}

static int collect_text(const char *b, size_t n, void *ud)
{
    char **out = ud;
    size_t old = *out ? strlen(*out) : 0;
    *out = realloc(*out, old + n + 1);
    memcpy(*out + old, b, n);
    (*out)[old + n] = '\0';
    return 0;
}

Test(rules, explain_names_rules_spans_and_what_was_lacking, .description = "rules-5.3")
{
    static const char *const lex[] = {"net", "Internet\n", "ctl", "control*\n", NULL};
    char *dir = th_rule_dir("theme ig \"ig\"\ntheme ct \"ct\"\n"
                            "rule ig.control for ig\n    match @net near/2 @ctl\n"
                            "rule ct.core for ct\n    match terror*\n    unless \"reign of terror\"\n",
                            lex);
    th_diags dg = {0};
    tt_engine *e = th_engine(dir, 0, &dg);
    cr_assert_not_null(e, "%s", dg.text);
    tt_scanner *s = tt_scanner_new(e);
    char *out = NULL;
    const char *text = "States controlled much of the Internet during the reign of terror.";
    tt_scanner_explain(s, text, 0, strlen(text), collect_text, &out);
    char want[4096];
    snprintf(want, sizeof want,
             "sentence: \"%s\" [0,66)\n"
             "words: States(state) controlled(control) much of the Internet during(dure) the reign of terror\n"
             "  (a word's stem in brackets when it differs; a British spelling shows its American form "
             "first; +part: a part of the hyphenated word before it)\n"
             "ig: no\n"
             "  nearest: rule ig.control (75%%): has @net and @ctl both matched; lacks @net near/2 @ctl: the "
             "nearest have 3 words between them (at most 2 allowed)\n"
             "ct: no\n"
             "  rule ct.core matched (terror* matched \"terror\" [59,65)) but was vetoed: unless \"reign of "
             "terror\" matched \"reign of terror\" [50,65)\n",
             text);
    cr_expect_str_eq(out, want);
    free(out);
    tt_scanner_free(s);
    tt_engine_free(e);
    th_rm_rf(dir);
    free(dir);
}

Test(rules, examples_fail_with_their_line, .description = "rules-5.4")
{
    char *dir = th_rule_dir("theme t \"t\"\nrule r for t\n    match apple\n"
                            "example t: \"An apple.\"\nexample t: \"A pear.\"\nexample not t: \"Apples!\"\n",
                            NULL);
    th_diags dg = {0};
    tt_engine *e = th_engine(dir, 0, &dg);
    cr_assert_not_null(e);
    tt_scanner *s = tt_scanner_new(e);
    dg.len = 0;
    cr_expect_eq(tt_scanner_check_examples(s, th_collect_diag, &dg), 2);
    cr_expect_str_eq(dg.text,
                     "rules/themetag.rules:5:9: error: example should get t: no rule fired (see: themetag "
                     "explain): \"A pear.\"\n"
                     "rules/themetag.rules:6:13: error: example should not get t: r matched \"Apples\": "
                     "\"Apples!\"\n");
    tt_scanner_free(s);
    tt_engine_free(e);
    th_rm_rf(dir);
    free(dir);
}

Test(rules, shipped_examples_all_hold, .description = "rules-5.5")
{
    th_diags dg = {0};
    tt_engine *e = th_engine(".", 0, &dg);
    cr_assert_not_null(e, "the shipped rules compile: %s", dg.text);
    cr_expect_eq(tt_engine_theme_count(e), 5);
    static const char *const order[] = {"counter-terrorism", "internet-governance", "youth", "un-norms", "cybercrime"};
    for (size_t i = 0; i < 5; i++)
        cr_expect_str_eq(tt_engine_theme_name(e, i), order[i]);
    cr_expect_gt(tt_engine_example_count(e), 30);
    tt_scanner *s = tt_scanner_new(e);
    dg.len = 0;
    cr_expect_eq(tt_scanner_check_examples(s, th_collect_diag, &dg), 0, "%s", dg.text);
    tt_scanner_free(s);
    tt_engine_free(e);
}

struct thread_job {
    tt_engine *e;
    const char *text;
    size_t len;
    uint64_t sum;
    size_t n;
};

static void *classify_many(void *arg)
{
    struct thread_job *j = arg;
    tt_scanner *s = tt_scanner_new(j->e);
    for (int round = 0; round < 10; round++) {
        const tt_sentence *sent;
        size_t n;
        tt_scanner_classify(s, j->text, j->len, TT_SEGMENT, &sent, &n);
        uint64_t sum = 0;
        for (size_t i = 0; i < n; i++)
            sum = sum * 31 + sent[i].labels + 7 * sent[i].nevidence + sent[i].start;
        if (round == 0) {
            j->sum = sum;
            j->n = n;
        } else if (sum != j->sum) {
            j->sum = 0;
        }
    }
    tt_scanner_free(s);
    return NULL;
}

Test(rules, one_engine_two_threads, .description = "rules-5.6", .timeout = 120)
{
    th_diags dg = {0};
    tt_engine *e = th_engine(".", 0, &dg);
    cr_assert_not_null(e, "%s", dg.text);
    size_t len;
    char *text = th_read_file("corpus/000_95ca8d13d2304703.txt", &len);
    cr_assert_not_null(text);
    struct thread_job single = {e, text, len, 0, 0};
    classify_many(&single);
    cr_assert_neq(single.sum, 0);
    struct thread_job a = single, b = single;
    pthread_t ta, tb;
    pthread_create(&ta, NULL, classify_many, &a);
    pthread_create(&tb, NULL, classify_many, &b);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    cr_expect_eq(a.n, 47);
    cr_expect_eq(a.sum, single.sum, "thread A agrees with one thread");
    cr_expect_eq(b.sum, single.sum, "thread B agrees with one thread");
    free(text);
    tt_engine_free(e);
}

/* ---- rules-6: found by review and fuzzing */

Test(rules, regex_gate_and_plural_acronyms, .description = "rules-6.1")
{
    fixture f;
    setup_rule(&f, "/\\bICTs\\b/c or /[(]foo|\\bbar\\b/ or /(?i)\\bDELTA\\b/c", NULL);
    YES(&f, "The use of ICTs grows.");
    YES(&f, "A (foo) here.");
    YES(&f, "A bar here.");
    YES(&f, "A delta here.");
    NO(&f, "The use of ICT grows.");
    teardown_rule(&f);
}

Test(rules, long_hyphen_chains_lose_no_part, .description = "rules-6.2")
{
    fixture f;
    setup_rule(&f, "terrorism", NULL);
    YES(&f, "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-terrorism-q");
    YES(&f, "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-terrorism");
    teardown_rule(&f);
}

Test(rules, near_operands_must_have_positions, .description = "rules-6.3")
{
    expect_errors("theme t \"t\"\nrule r for t\n    match (not zzz or alpha) near/2 beta\n", NULL,
                  "rules/themetag.rules:3:12: error: 'near/2' needs terms, lexicons, regexes or 'or' of "
                  "them on both sides\n");
}

Test(rules, nesting_has_a_limit, .description = "rules-6.4")
{
    char rules[8192];
    int n = snprintf(rules, sizeof rules, "theme t \"t\"\nrule r for t\n    match ");
    for (int i = 0; i < 300; i++)
        rules[n++] = '(';
    strcpy(rules + n, "a\n");
    expect_errors(rules, NULL, "rules/themetag.rules:3:211: error: expression nested more than 200 deep\n");
}

Test(rules, bom_accepted_and_invalid_utf8_refused, .description = "rules-6.5")
{
    fixture f;
    f.dir = th_rule_dir("\xEF\xBB\xBFtheme t \"t\"\nrule r for t\n    match apple\n", NULL);
    memset(&f.dg, 0, sizeof f.dg);
    f.e = th_engine(f.dir, 0, &f.dg);
    cr_expect_not_null(f.e, "a byte-order mark is fine: %s", f.dg.text);
    if (f.e)
        YES(&f, "An apple.");
    teardown_rule(&f);
    char *dir = th_rule_dir("theme t \"t\xff\"\nrule r for t\n    match apple\n", NULL);
    th_diags dg = {0};
    tt_engine *e = th_engine(dir, 0, &dg);
    cr_expect_null(e);
    cr_expect_str_eq(dg.text, "rules/themetag.rules: error: invalid UTF-8 at byte 10 (rule and lexicon files are UTF-8)\n");
    th_rm_rf(dir);
    free(dir);
}

Test(rules, regexes_read_the_sentence_as_printed, .description = "rules-6.6")
{
    /* a regex written with single spaces and ASCII hyphens matches whatever the file's layout:
     * line wraps, indentation, no-break spaces, a word hyphenated across a line end, U+2011;
     * and its evidence spans the text as it is in the file */
    fixture f;
    setup_rule(&f, "/\\bpeaceful settlement of disputes\\b/ or /\\bself-determination\\b/ or /(?<!good )\\bgovernance\\b/", NULL);
    YES(&f, "We seek the peaceful\n   settlement of\r\ndisputes.");
    YES(&f, "We seek the peaceful\xc2\xa0settlement of disputes.");
    YES(&f, "The right to self-\ndetermination holds.");
    YES(&f, "The right to self\xe2\x80\x91" "determination holds.");
    YES(&f, "The right to self\xc2\xad-determination holds.");
    NO(&f, "We have good\n  governance here.");
    NO(&f, "The right to self-\nDetermination Day.");
    YES(&f, "Internet governance matters.");
    YES(&f, "Invalid \xff bytes and\tgovernance.");

    static const char text[] = "Talks on the peaceful\n  settlement of disputes.";
    tt_scanner *s = tt_scanner_new(f.e);
    const tt_sentence *sent;
    size_t n;
    tt_scanner_classify(s, text, sizeof text - 1, TT_ONE_SENTENCE, &sent, &n);
    cr_assert_eq(n, 1);
    cr_assert_eq(sent[0].nevidence, 1);
    cr_expect_eq(sent[0].evidence[0].start, 13, "%zu", sent[0].evidence[0].start);
    cr_expect_eq(sent[0].evidence[0].end, sizeof text - 2, "%zu", sent[0].evidence[0].end);
    /* a soft hyphen after the match stays out of its span */
    static const char soft[] = "Talks on the peaceful settlement of disputes\xc2\xad now.";
    tt_scanner_classify(s, soft, sizeof soft - 1, TT_ONE_SENTENCE, &sent, &n);
    cr_assert_eq(n, 1);
    cr_assert_eq(sent[0].nevidence, 1);
    cr_expect_eq(sent[0].evidence[0].end, 44, "%zu", sent[0].evidence[0].end);
    tt_scanner_free(s);
    teardown_rule(&f);

    /* a dash that hyphenates no word is not joined to the next line */
    setup_rule(&f, "/\\bbarriers - economic\\b/", NULL);
    YES(&f, "We are chipping away at barriers -\neconomic and political.");
    teardown_rule(&f);
}
