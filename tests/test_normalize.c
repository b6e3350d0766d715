/*
 * test_normalize.c - British/American folding through hunspell, Snowball stems, the word
 * cache, and the scanner's token view. Test ids: normalize-<n>.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"
#include "themetag.h"

static tt_engine *E;
static tt_scanner *S;

static void setup(void)
{
    cr_assert_eq(tt_engine_new(NULL, &E), TT_OK, "engine (hunspell dictionaries installed?)");
    S = tt_scanner_new(E);
    cr_assert_not_null(S);
}

static void teardown(void)
{
    tt_scanner_free(S);
    tt_engine_free(E);
    th_leak_check();
}

TestSuite(normalize, .init = setup, .fini = teardown);

static void same(const char *gb, const char *us)
{
    const char *c1, *s1, *c2, *s2;
    cr_assert_eq(tt_scanner_normalize(S, gb, strlen(gb), &c1, &s1), TT_OK);
    cr_assert_eq(tt_scanner_normalize(S, us, strlen(us), &c2, &s2), TT_OK);
    cr_expect_str_eq(c1, c2, "%s and %s: one spelling", gb, us);
    cr_expect_str_eq(s1, s2, "%s and %s: one stem", gb, us);
}

Test(normalize, british_american_pairs, .description = "normalize-1")
{
    same("organisation", "organization");
    same("Organisations", "organizations");
    same("programme", "program");
    same("programmes", "programs");
    same("defence", "defense");
    same("counselling", "counseling");
    same("colour", "color");
    same("labour", "labor");
    same("neighbouring", "neighboring");
    same("centre", "center");
    same("centres", "centers");
    same("travelled", "traveled");
    same("analyse", "analyze");
    same("fulfil", "fulfill");
    same("judgement", "judgment");
    same("licence", "license");
    same("paediatric", "pediatric");
    same("behaviour", "behavior");
    same("recognised", "recognized");
    same("criticising", "criticizing");
}

Test(normalize, words_left_alone, .description = "normalize-2")
{
    const char *c, *s;
    static const char *const words[] = {"our", "dialogue", "cybercrime", "multistakeholder",
                                        "Daesh", "flour", "hours", "colonel", NULL};
    for (const char *const *w = words; *w; w++) {
        cr_assert_eq(tt_scanner_normalize(S, *w, strlen(*w), &c, &s), TT_OK);
        char low[64];
        size_t n = strlen(*w);
        for (size_t i = 0; i <= n; i++)
            low[i] = (char)((*w)[i] >= 'A' && (*w)[i] <= 'Z' ? (*w)[i] + 32 : (*w)[i]);
        cr_expect_str_eq(c, low, "%s keeps its spelling", *w);
    }
}

Test(normalize, snowball_stems, .description = "normalize-3")
{
    static const char *const pairs[][2] = {
        {"terrorism", "terror"}, {"terrorists", "terrorist"}, {"countering", "counter"},
        {"extremism", "extrem"}, {"extremist", "extremist"}, {"youth", "youth"},
        {"radicalization", "radic"}, {"radicalisation", "radic"}, {"governance", "govern"},
        {"cybercrime", "cybercrim"}, {"children", "children"}, {"norms", "norm"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const char *c, *s;
        cr_assert_eq(tt_scanner_normalize(S, pairs[i][0], strlen(pairs[i][0]), &c, &s), TT_OK);
        cr_expect_str_eq(s, pairs[i][1], "stem of %s", pairs[i][0]);
    }
}

Test(normalize, acronyms_and_numbers_are_not_stemmed, .description = "normalize-4")
{
    const char *c, *s;
    tt_scanner_normalize(S, "ISIS", 4, &c, &s);
    cr_expect_str_eq(s, "isis", "an acronym is its own stem");
    tt_scanner_normalize(S, "ICTs", 4, &c, &s);
    cr_expect_str_eq(s, "ict");
    tt_scanner_normalize(S, "Isis", 4, &c, &s);
    cr_expect_str_eq(s, "isi", "a capitalised word is stemmed");
    tt_scanner_normalize(S, "2019", 4, &c, &s);
    cr_expect_str_eq(s, "2019");
}

Test(normalize, cache_analyses_a_type_once, .description = "normalize-5")
{
    const char *text = "Youth organisations and youth organizations: youth, youth.";
    const tt_token *t;
    size_t n, types, hits;
    cr_assert_eq(tt_scanner_tokens(S, text, 0, strlen(text), &t, &n), TT_OK);
    cr_assert_eq(n, 7);
    tt_scanner_cache_stats(S, &types, &hits);
    cr_expect_eq(types, 4, "youth, organisations, and, organizations: %zu types", types);
    cr_expect_eq(hits, 3, "three lookups of youth came from the cache: %zu", hits);
    cr_expect_str_eq(t[1].canon, "organizations");
    cr_expect_str_eq(t[1].stem, t[4].stem);
    /* the same pointer each time: the cache hands out one copy per type */
    cr_expect_eq(t[0].stem, t[5].stem);
}

Test(normalize, compound_whole_and_parts_normalised, .description = "normalize-6")
{
    const char *text = "counter-terrorism programmes";
    const tt_token *t;
    size_t n;
    cr_assert_eq(tt_scanner_tokens(S, text, 0, strlen(text), &t, &n), TT_OK);
    cr_assert_eq(n, 4);
    cr_expect_str_eq(t[0].stem, "counterterror");
    cr_expect_str_eq(t[1].stem, "counter");
    cr_expect_str_eq(t[2].stem, "terror");
    cr_expect_str_eq(t[3].canon, "programs");
    cr_expect_str_eq(t[3].stem, "program");
}

Test(normalize, missing_dictionaries_are_an_error, .description = "normalize-7")
{
    tt_engine_config cfg = {0};
    cfg.dict_dir = "/nonexistent-dictionaries";
    tt_engine *e = (tt_engine *)1;
    cr_expect_eq(tt_engine_new(&cfg, &e), TT_ERR_RESOURCE);
    cr_expect_null(e);
}

static const char *stem_of(const char *w)
{
    const char *canon, *stem;
    cr_assert_eq(tt_scanner_normalize(S, w, strlen(w), &canon, &stem), TT_OK);
    return stem;
}

/* Words of the field whose Snowball stems would collide keep stems of their own. */
Test(normalize, colliding_stems_are_kept_apart, .description = "normalize-8")
{
    char a[64], b[64];
    snprintf(a, sizeof a, "%s", stem_of("international"));
    snprintf(b, sizeof b, "%s", stem_of("internal"));
    cr_expect_str_neq(a, b, "international and internal");
    cr_expect_str_eq(stem_of("internationally"), a, "internationally is international");
    cr_expect_str_neq(stem_of("interns"), a);
    snprintf(a, sizeof a, "%s", stem_of("universal"));
    cr_expect_str_neq(a, stem_of("university"), "universal and university");
    cr_expect_str_eq(stem_of("Universality"), a);
    snprintf(a, sizeof a, "%s", stem_of("conventional"));
    cr_expect_str_neq(a, stem_of("convention"), "conventional weapons are no convention");
    cr_expect_str_neq(stem_of("integrity"), stem_of("integration"));
    /* the rest still stems as Snowball does */
    cr_expect_str_eq(stem_of("conventions"), stem_of("convention"));
    cr_expect_str_eq(stem_of("nations"), stem_of("nation"));
}
