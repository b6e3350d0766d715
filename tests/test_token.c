/*
 * test_token.c - the tokenizer: Unicode words and case folding, apostrophes, hyphenated
 * compounds (whole and parts), line-end hyphenation, acronyms, numbers, offsets.
 * Test ids: token-<n>.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "helpers.h"
#include "internal.h"

static tok_state T;

static void run(const char *text)
{
    tok_run(&T, text, 0, strlen(text), 0);
}

static void fini(void)
{
    tok_free(&T);
    th_leak_check();
}

#define FOLD(i) (T.str.data + T.toks[i].fold_off)
#define KEY(i) (T.str.data + T.toks[i].key_off)
#define SURF(i) (T.str.data + T.toks[i].surf_off)

TestSuite(token, .fini = fini);

Test(token, words_offsets_and_folding, .description = "token-1")
{
    const char *t = "Providing ÉCOLE Straße ΣΟΦΙΑΣ";
    run(t);
    cr_assert_eq(T.n, 4);
    cr_expect_str_eq(FOLD(0), "providing");
    cr_expect_eq(T.toks[0].start, 0);
    cr_expect_eq(T.toks[0].end, 9);
    cr_expect_str_eq(FOLD(1), "école");
    cr_expect_str_eq(SURF(1), "ÉCOLE");
    cr_expect_eq(T.toks[1].start, 10);
    cr_expect_eq(T.toks[1].end, 16);
    cr_expect_str_eq(FOLD(2), "straße");
    cr_expect_str_eq(FOLD(3), "σοφιασ", "final sigma folds like sigma");
    cr_expect(T.toks[0].flags & TT_TOK_CAPITAL);
    cr_expect_eq(T.toks[2].pos, 2);
}

Test(token, apostrophes_typographic_and_ascii, .description = "token-2")
{
    run("SCO\xE2\x80\x99s States' don\xE2\x80\x99t d'Ivoire o\xCA\xBC" "clock");
    cr_assert_eq(T.n, 5);
    cr_expect_str_eq(FOLD(0), "sco", "possessive 's is not part of the word");
    cr_expect(T.toks[0].flags & TT_TOK_POSSESSIVE);
    cr_expect_eq(T.toks[0].end, 3, "the span ends before the apostrophe");
    cr_expect_str_eq(FOLD(1), "states");
    cr_expect_str_eq(FOLD(2), "don't", "typographic apostrophe folded to ASCII");
    cr_expect_str_eq(FOLD(3), "d'ivoire");
    cr_expect_str_eq(FOLD(4), "o'clock");
}

Test(token, quotes_are_not_words, .description = "token-3")
{
    run("\xE2\x80\x9CYouth and Violent Extremism\xE2\x80\x9D \"three evils\" \xC2\xAB" "xx\xC2\xBB");
    cr_assert_eq(T.n, 7);
    cr_expect_str_eq(FOLD(0), "youth");
    cr_expect_eq(T.toks[0].start, 3);
    cr_expect_str_eq(FOLD(4), "three");
    cr_expect_str_eq(FOLD(6), "xx");
}

Test(token, hyphenated_compound_whole_and_parts, .description = "token-4")
{
    run("counter-terrorism and anti\xE2\x80\x91terrorist work");
    /* counter-terrorism, counter, terrorism, and, anti-terrorist, anti, terrorist, work */
    cr_assert_eq(T.n, 8);
    cr_expect(T.toks[0].flags & TT_TOK_COMPOUND);
    cr_expect_str_eq(FOLD(0), "counter-terrorism");
    cr_expect_str_eq(KEY(0), "counterterrorism", "the whole's key has no hyphen");
    cr_expect_eq(T.toks[0].end, 17);
    cr_expect(T.toks[1].flags & TT_TOK_PART);
    cr_expect_str_eq(FOLD(1), "counter");
    cr_expect_str_eq(FOLD(2), "terrorism");
    cr_expect_eq(T.toks[2].start, 8);
    cr_expect_eq(T.toks[0].pos, 0);
    cr_expect_eq(T.toks[0].last, 1, "the whole spans its two parts");
    cr_expect_eq(T.toks[1].pos, 0);
    cr_expect_eq(T.toks[2].pos, 1, "each part has its own position");
    cr_expect_eq(T.toks[3].pos, 2);
    cr_expect_str_eq(FOLD(4), "anti-terrorist", "U+2011 is a hyphen");
    cr_expect_str_eq(FOLD(6), "terrorist");
    cr_expect_eq(T.toks[7].pos, 5);
}

Test(token, line_end_hyphenation_joins, .description = "token-5")
{
    run("the informa-\ntion space and land-\r\n  mines, sixty- eighth session");
    cr_assert_geq(T.n, 10);
    cr_expect_str_eq(KEY(1), "information");
    cr_expect_str_eq(SURF(1), "informa-tion");
    cr_expect_eq(T.toks[1].start, 4);
    cr_expect_eq(T.toks[1].end, 17);
    size_t i = 0;
    while (i < T.n && strcmp(FOLD(i), "land-mines") != 0)
        i++;
    cr_assert_lt(i, T.n, "land-\\r\\n  mines is one word");
    cr_expect_str_eq(KEY(i), "landmines");
    while (i < T.n && strcmp(FOLD(i), "sixty-eighth") != 0)
        i++;
    cr_expect_lt(i, T.n, "\"sixty- eighth\" is one word");
}

Test(token, open_hyphen_and_dash_stay_apart, .description = "token-6")
{
    run("pre- and post-conflict; facts - only; A-");
    cr_expect_str_eq(FOLD(0), "pre");
    cr_expect_str_eq(FOLD(1), "and");
    cr_expect_str_eq(FOLD(2), "post-conflict");
    cr_expect_str_eq(FOLD(5), "facts");
    cr_expect_str_eq(FOLD(6), "only");
    cr_expect_str_eq(FOLD(7), "a");
    cr_expect_eq(T.n, 8);
}

Test(token, acronyms_and_plurals, .description = "token-7")
{
    run("ICTs UN SCO's U.N. U.S.A. NGOs Use OEWG");
    cr_assert_eq(T.n, 8);
    cr_expect(T.toks[0].flags & TT_TOK_ACRONYM);
    cr_expect_str_eq(KEY(0), "ict", "plural s dropped from the key");
    cr_expect_str_eq(SURF(0), "ICTs");
    cr_expect(T.toks[1].flags & TT_TOK_ACRONYM);
    cr_expect_str_eq(KEY(2), "sco");
    cr_expect(T.toks[2].flags & TT_TOK_ACRONYM);
    cr_expect_str_eq(KEY(3), "un", "U.N. is the acronym UN");
    cr_expect_eq(T.toks[3].end - T.toks[3].start, 4);
    cr_expect_str_eq(KEY(4), "usa");
    cr_expect_str_eq(KEY(5), "ngo");
    cr_expect_not(T.toks[6].flags & TT_TOK_ACRONYM);
    cr_expect(T.toks[7].flags & TT_TOK_ACRONYM);
}

Test(token, numbers, .description = "token-8")
{
    run("3.2 billion, 110,000 people, 2019. 15-24 G20 5G");
    cr_assert_geq(T.n, 8);
    cr_expect_str_eq(FOLD(0), "3.2");
    cr_expect(T.toks[0].flags & TT_TOK_NUMBER);
    cr_expect_str_eq(FOLD(2), "110,000");
    cr_expect_str_eq(FOLD(4), "2019", "a full stop after a number is not part of it");
    cr_expect(T.toks[5].flags & TT_TOK_NUMBER);
    cr_expect(T.toks[5].flags & TT_TOK_COMPOUND);
    cr_expect_str_eq(FOLD(8), "g20");
    cr_expect(T.toks[8].flags & TT_TOK_WORD);
    cr_expect_str_eq(FOLD(9), "5g");
}

Test(token, invalid_bytes_and_controls_separate_words, .description = "token-9")
{
    const char t[] = "abc\xFF" "def\0ghi\x01jkl";
    tok_run(&T, t, 0, sizeof t - 1, 0);
    cr_assert_eq(T.n, 4);
    cr_expect_str_eq(FOLD(1), "def");
    cr_expect_eq(T.toks[1].start, 4);
    cr_expect_str_eq(FOLD(3), "jkl");
}

Test(token, soft_hyphen_inside_a_word, .description = "token-10")
{
    run("infor\xC2\xAD" "mation");
    cr_assert_eq(T.n, 1);
    cr_expect_str_eq(FOLD(0), "information");
}

Test(token, sub_range_offsets, .description = "token-11")
{
    const char *t = "xx Young people yy";
    tok_run(&T, t, 3, 15, 0);
    cr_assert_eq(T.n, 2);
    cr_expect_eq(T.toks[0].start, 3);
    cr_expect_eq(T.toks[1].end, 15);
}
