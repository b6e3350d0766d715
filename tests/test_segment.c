/*
 * test_segment.c - the segmenter: the reference speech (47 sentences, written out by hand
 * from the codebook's reading), hand-written fixtures for every case the codebook names,
 * and the coverage invariant over a whole year of the UN General Debate corpus.
 * Test ids: segment-<area>.<case>.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "internal.h"

TestSuite(segment, .fini = th_leak_check);

/* Checks the invariant: spans in order, not overlapping, starting and ending on
 * non-whitespace, nothing but whitespace between them. Returns NULL or what is wrong. */
static const char *coverage_problem(const char *t, size_t len, const tt_span *sp, size_t n,
                                    size_t *where)
{
    size_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        *where = i;
        if (sp[i].start >= sp[i].end || sp[i].end > len)
            return "empty or out-of-range span";
        if (sp[i].start < prev)
            return "spans overlap or are out of order";
        if (u8_skip_space(t, prev, len) < sp[i].start)
            return "non-whitespace bytes between spans";
        if (u8_skip_space(t, sp[i].start, len) != sp[i].start)
            return "span starts on whitespace";
        buf b = {0};
        u8_collapse(&b, t, sp[i].start, sp[i].end);
        /* a span that ends on whitespace collapses to fewer bytes than its last word */
        int n1;
        size_t last = sp[i].end - 1;
        while (last > sp[i].start && ((unsigned char)t[last] & 0xC0) == 0x80)
            last--;
        uint32_t c = u8_decode((const unsigned char *)t + last, (const unsigned char *)t + len, &n1);
        buf_free(&b);
        if (c != U8_BAD && u8_is_space(c))
            return "span ends on whitespace";
        prev = sp[i].end;
    }
    *where = n;
    if (u8_skip_space(t, prev, len) < len)
        return "non-whitespace bytes after the last span";
    return NULL;
}

static void check_coverage(const char *name, const char *t, size_t len, const tt_span *sp, size_t n)
{
    size_t where = 0;
    const char *p = coverage_problem(t, len, sp, n, &where);
    cr_assert_null(p, "%s: %s (span %zu)", name, p ? p : "", where);
}

/* Segments text and compares the sentences (whitespace collapsed) with expected. */
static void expect_sentences(const char *id, const char *text, size_t len, const char *const *expected)
{
    seg_state *s = seg_new();
    const tt_span *sp;
    size_t n;
    seg_run(s, text, len, &sp, &n);
    check_coverage(id, text, len, sp, n);
    size_t want = 0;
    while (expected[want])
        want++;
    for (size_t i = 0; i < n && i < want; i++) {
        buf b = {0};
        u8_collapse(&b, text, sp[i].start, sp[i].end);
        cr_expect_str_eq(b.data ? b.data : "", expected[i], "%s: sentence %zu", id, i + 1);
        buf_free(&b);
    }
    cr_expect_eq(n, want, "%s: %zu sentences, expected %zu", id, n, want);
    seg_free(s);
}

#define EXPECT(id, text, ...)                                                 \
    do {                                                                      \
        static const char *const exp_[] = {__VA_ARGS__, NULL};                \
        expect_sentences(id, text, sizeof(text) - 1, exp_);                   \
    } while (0)

/* ---- segment-1: the reference speech */

struct ref_span {
    size_t start, end;
    const char *first_words;
};

/* The codebook's reading of the reference speech (speeches/000_95ca8d13d2304703), with the
 * first words of each sentence so that a failure reads. */
static const struct ref_span reference[] = {
    {1, 19, "Dear participants,"},
    {23, 274, "On behalf of the"},
    {278, 529, "I wish to start"},
    {530, 589, "Our Organization became a"},
    {593, 706, "During the last 18"},
    {707, 886, "Despite growing challenges and"},
    {887, 977, "This achievement was reached"},
    {982, 1173, "Joint efforts of SCO"},
    {1174, 1375, "Huge practical work on"},
    {1376, 1621, "Effective work has been"},
    {1625, 1643, "Dear participants,"},
    {1648, 1722, "Providing information and cyber"},
    {1723, 2103, "In doing so, back"},
    {2104, 2223, "In the 2006 Declaration"},
    {2224, 2335, "The Declaration clearly defined"},
    {2340, 2591, "On the same year,"},
    {2592, 2666, "These documents have become"},
    {2671, 2872, "The SCO Development Strategy"},
    {2873, 3059, "To this end, the"},
    {3063, 3147, "On the basis of"},
    {3148, 3415, "Talking about facts -"},
    {3416, 3529, "We have foiled activity"},
    {3530, 3619, "Over 100 criminal cases"},
    {3623, 3673, "SCO also conducts purposeful"},
    {3674, 3739, "Today, over 3.2 billion"},
    {3740, 3822, "More than 800 million"},
    {3823, 3892, "They are most exposed"},
    {3898, 4055, "Statistics show that the"},
    {4059, 4178, "According to experts, about"},
    {4183, 4417, "According to the latest"},
    {4418, 4601, "UNESCO research of 2017"},
    {4602, 4687, "These sites are used"},
    {4691, 4880, "Taking these tendencies, the"},
    {4887, 5118, "The Organization's position on"},
    {5119, 5539, "Both these major documents"},
    {5544, 5628, "SCO Member States are"},
    {5629, 6032, "This aspect is also"},
    {6036, 6054, "Dear participants,"},
    {6058, 6135, "The SCO also permanently"},
    {6137, 6361, "Recently, on 5 December"},
    {6365, 6581, "In the SCO Qingdao"},
    {6582, 6754, "They underline the central"},
    {6756, 7042, "Our Member States vote"},
    {7046, 7152, "The SCO votes for"},
    {7153, 7265, "The managerial structure of"},
    {7269, 7598, "At the outset I"},
    {7605, 7634, "Thank you for your"},
};

Test(segment, reference_speech_47_sentences, .description = "segment-1.1")
{
    size_t len;
    char *t = th_read_file("corpus/000_95ca8d13d2304703.txt", &len);
    cr_assert_not_null(t, "corpus/000_95ca8d13d2304703.txt missing");
    seg_state *s = seg_new();
    const tt_span *sp;
    size_t n;
    seg_run(s, t, len, &sp, &n);
    size_t want = sizeof reference / sizeof reference[0];
    cr_assert_eq(want, 47);
    for (size_t i = 0; i < n && i < want; i++) {
        cr_expect(sp[i].start == reference[i].start && sp[i].end == reference[i].end,
                  "sentence %zu (\"%s ...\"): got [%zu,%zu), expected [%zu,%zu)", i + 1,
                  reference[i].first_words, sp[i].start, sp[i].end, reference[i].start,
                  reference[i].end);
        buf b = {0};
        u8_collapse(&b, t, sp[i].start, sp[i].end);
        cr_expect(strncmp(b.data, reference[i].first_words, strlen(reference[i].first_words)) == 0,
                  "sentence %zu starts \"%.30s\"", i + 1, b.data);
        buf_free(&b);
    }
    cr_assert_eq(n, want, "%zu sentences, expected 47", n);
    check_coverage("reference", t, len, sp, n);
    seg_free(s);
    free(t);
}

Test(segment, reference_page_break_join, .description = "segment-1.2")
{
    size_t len;
    char *t = th_read_file("corpus/000_95ca8d13d2304703.txt", &len);
    cr_assert_not_null(t);
    seg_state *s = seg_new();
    const tt_span *sp;
    size_t n;
    seg_run(s, t, len, &sp, &n);
    cr_assert_geq(n, 15);
    buf b = {0};
    u8_collapse(&b, t, sp[14].start, sp[14].end);
    cr_expect_str_eq(b.data, "The Declaration clearly defined the SCO's vision for international "
                             "information security in the near future.");
    buf_free(&b);
    seg_free(s);
    free(t);
}

/* ---- segment-2: layout */

Test(segment, wrapped_lines, .description = "segment-2.1")
{
    EXPECT("2.1", "This is a\nwrapped line. And\nanother one.\n",
           "This is a wrapped line.", "And another one.");
}

Test(segment, page_break_mid_sentence, .description = "segment-2.2")
{
    EXPECT("2.2", "vision for international \n\n\n\ninformation security. Next one.",
           "vision for international information security.", "Next one.");
}

Test(segment, blank_line_ends_salutation, .description = "segment-2.3")
{
    EXPECT("2.3", " Dear participants, \n \nOn behalf of the Secretariat I thank you.\n",
           "Dear participants,", "On behalf of the Secretariat I thank you.");
}

Test(segment, blank_line_before_capital_is_a_boundary, .description = "segment-2.4")
{
    EXPECT("2.4", "A heading without stop\n\nThe text begins here.",
           "A heading without stop", "The text begins here.");
}

Test(segment, hyphenated_across_lines_stays_one_sentence, .description = "segment-2.5")
{
    EXPECT("2.5", "We fight for the informa-\ntion space. We also fight\nland-\nmines.",
           "We fight for the informa- tion space.", "We also fight land- mines.");
}

Test(segment, paragraph_a_line_layout, .description = "segment-2.6")
{
    /* lines over 200 bytes carry most of the text: every line end ends a paragraph */
    EXPECT("2.6",
           "Mr. President, ladies and gentlemen,\n"
           "Our small island nation comes to this Hall every year with the same request, made again now "
           "with more urgency than ever, because the sea that feeds our families is rising faster than "
           "any of our plans to hold it back and we have little time left\n"
           "Salaam\n"
           "and this is the rest of a line broken by a page, which the codebook reads as one "
           "sentence with the line before it because that line has no final punctuation and "
           "this one starts in lower case, as a page break does.\n",
           "Mr. President, ladies and gentlemen,",
           "Our small island nation comes to this Hall every year with the same request, made again now "
           "with more urgency than ever, because the sea that feeds our families is rising faster than "
           "any of our plans to hold it back and we have little time left",
           "Salaam and this is the rest of a line broken by a page, which the codebook reads "
           "as one sentence with the line before it because that line has no final punctuation "
           "and this one starts in lower case, as a page break does.");
}

Test(segment, wrapped_short_lines_without_blank_lines, .description = "segment-2.7")
{
    EXPECT("2.7", "At the start of the\nnew decade, we are here\nwith hope.\nOur whole nation\nshares it.",
           "At the start of the new decade, we are here with hope.",
           "Our whole nation shares it.");
}

Test(segment, form_feed_and_page_break, .description = "segment-2.8")
{
    EXPECT("2.8", "the situation before the\n\n\f\nbreak continues here. End.",
           "the situation before the break continues here.", "End.");
}

Test(segment, line_ends_cr_crlf_and_separators, .description = "segment-2.9")
{
    EXPECT("2.9a", "First one.\r\nSecond\r\none.\r\n", "First one.", "Second one.");
    EXPECT("2.9b", "First one.\rSecond\rone.\r\rThird para", "First one.", "Second one.",
           "Third para");
    EXPECT("2.9c", "Heading\xE2\x80\xA9" "Body text here.", "Heading", "Body text here.");
}

Test(segment, empty_and_whitespace_only, .description = "segment-2.10")
{
    seg_state *s = seg_new();
    const tt_span *sp;
    size_t n = 99;
    seg_run(s, "", 0, &sp, &n);
    cr_expect_eq(n, 0);
    seg_run(s, " \n\t\r\n\f \xC2\xA0\xE3\x80\x80", 13, &sp, &n);
    cr_expect_eq(n, 0);
    seg_free(s);
}

Test(segment, bom_nul_and_control_bytes, .description = "segment-2.11")
{
    static const char t[] = "\xEF\xBB\xBFHello\0there. Bye\x01now.";
    seg_state *s = seg_new();
    const tt_span *sp;
    size_t n;
    seg_run(s, t, sizeof t - 1, &sp, &n);
    cr_assert_eq(n, 2);
    cr_expect_eq(sp[0].start, 3, "the BOM is whitespace before the first sentence");
    cr_expect_eq(sp[0].end, 15);
    check_coverage("2.11", t, sizeof t - 1, sp, n);
    seg_free(s);
}

/* ---- segment-3: punctuation */

Test(segment, abbreviations, .description = "segment-3.1")
{
    EXPECT("3.1", "Mr. Smith met Dr. Jones. The U.N. Charter applies, e.g. Article 51 as in No. 5 "
                  "of the U.S. Code. It ends here.",
           "Mr. Smith met Dr. Jones.",
           "The U.N. Charter applies, e.g. Article 51 as in No. 5 of the U.S. Code.",
           "It ends here.");
}

Test(segment, no_as_a_word_and_as_an_abbreviation, .description = "segment-3.2")
{
    EXPECT("3.2", "Is it right? No. We say it is in resolution No. 1373. Art. 51 applies.",
           "Is it right?", "No.", "We say it is in resolution No. 1373.", "Art. 51 applies.");
}

Test(segment, etc_mid_sentence_and_at_the_end, .description = "segment-3.3")
{
    EXPECT("3.3", "Food, water etc. are needed. We have apples, pears etc. Then we left.",
           "Food, water etc. are needed.", "We have apples, pears etc.", "Then we left.");
}

Test(segment, initials_and_i_e, .description = "segment-3.4")
{
    EXPECT("3.4", "J. F. Kennedy spoke, i.e. He said so. He left.",
           "J. F. Kennedy spoke, i.e. He said so.", "He left.");
}

Test(segment, decimals_and_thousands, .description = "segment-3.5")
{
    EXPECT("3.5", "Over 3.2 billion people and 110,000 troops were there in 2001. 2002 was better.",
           "Over 3.2 billion people and 110,000 troops were there in 2001.", "2002 was better.");
}

Test(segment, quotations_after_the_full_stop, .description = "segment-3.6")
{
    EXPECT("3.6a", "He said, \xE2\x80\x9CWe will win.\xE2\x80\x9D Then he left.",
           "He said, \xE2\x80\x9CWe will win.\xE2\x80\x9D", "Then he left.");
    EXPECT("3.6b", "\xE2\x80\x9CWhy?\xE2\x80\x9D he asked. \"Because.\" She went.",
           "\xE2\x80\x9CWhy?\xE2\x80\x9D he asked.", "\"Because.\"", "She went.");
    EXPECT("3.6c", "It is the SCO\xE2\x80\x99s view. The \xE2\x80\x98three evils\xE2\x80\x99 remain.",
           "It is the SCO\xE2\x80\x99s view.", "The \xE2\x80\x98three evils\xE2\x80\x99 remain.");
}

Test(segment, brackets_after_the_full_stop, .description = "segment-3.7")
{
    EXPECT("3.7", "(This was agreed.) We go on (see A/71/PV.13). Georgia was next.",
           "(This was agreed.)", "We go on (see A/71/PV.13).", "Georgia was next.");
}

Test(segment, question_exclamation_ellipsis, .description = "segment-3.8")
{
    EXPECT("3.8", "Why? Because! Wait\xE2\x80\xA6 Now. Then... Later.",
           "Why?", "Because!", "Wait\xE2\x80\xA6", "Now.", "Then...", "Later.");
}

Test(segment, lower_case_after_full_stop_continues, .description = "segment-3.9")
{
    EXPECT("3.9", "See p. 5 of it. and then more. Done.", "See p. 5 of it. and then more.", "Done.");
}

Test(segment, enumerations, .description = "segment-3.10")
{
    EXPECT("3.10a", "We propose the following:\n\n1. Strengthen cooperation.\n\n2. Fight terrorism.",
           "We propose the following:", "1. Strengthen cooperation.", "2. Fight terrorism.");
    EXPECT("3.10b", "Three points. 1. Peace. 2. Security. IV. Rights.", "Three points.", "1. Peace.",
           "2. Security.", "IV. Rights.");
    EXPECT("3.10c", "It must: (a) protect the young; (b) fight crime. Next.",
           "It must: (a) protect the young; (b) fight crime.", "Next.");
}

Test(segment, double_spaces, .description = "segment-3.11")
{
    EXPECT("3.11", "One.  Two  words.   Three.", "One.", "Two words.", "Three.");
}

/* ---- segment-4: the UN verbatim record's artefacts */

Test(segment, footer_in_mid_sentence, .description = "segment-4.1")
{
    EXPECT("4.1",
           "The drought in the region has grown so severe that \n\n\n"
           "This record contains the text of speeches delivered in English and of the interpretation of \n"
           "speeches delivered in the other languages. Corrections should be submitted to the original \n"
           "languages only. They should be incorporated in a copy of the record and sent under the signature \n"
           "of a member of the delegation concerned to the Chief of the Verbatim Reporting Service, room \n"
           "U.506. Corrections will be issued after the end of the session in a consolidated corrigendum.\n"
           "\n\n\f\nfarmers are leaving their villages. Serious \nthings happen.\n",
           "The drought in the region has grown so severe that",
           "This record contains the text of speeches delivered in English and of the "
           "interpretation of speeches delivered in the other languages.",
           "Corrections should be submitted to the original languages only.",
           "They should be incorporated in a copy of the record and sent under the signature of a "
           "member of the delegation concerned to the Chief of the Verbatim Reporting Service, room U.506.",
           "Corrections will be issued after the end of the session in a consolidated corrigendum.",
           "farmers are leaving their villages.", "Serious things happen.");
}

Test(segment, page_and_job_number_lines, .description = "segment-4.2")
{
    EXPECT("4.2", "Long ago, the founders hoped for peace, justice and \n \n \n27 10-55128 \n \n"
                  "progress for all peoples. Today we hope.\n",
           "Long ago, the founders hoped for peace, justice and", "27 10-55128",
           "progress for all peoples.", "Today we hope.");
}

Test(segment, one_line_footer_and_record_lines, .description = "segment-4.3")
{
    EXPECT("4.3",
           "When I spoke last year (see A/71/PV.13), my country was heading into\n"
           "This record contains the text of speeches delivered in English and of the translation of "
           "speeches delivered in other languages. Corrected records will be reissued electronically on "
           "the Official Document System of the United Nations (http://documents.un.org).\n"
           "17-29597 (E) *1729597*\n"
           "________________\n"
           "A/72/PV.14 21/09/2017\n"
           "general elections. Those elections gave the new Government a clear mandate for the reforms it "
           "had promised to the voters of every region, a charge for all the years of its term ahead.\n"
           "2/42 17-29597 training for young workers and new schools in the countryside.\n",
           "When I spoke last year (see A/71/PV.13), my country was heading into",
           "This record contains the text of speeches delivered in English and of the translation of "
           "speeches delivered in other languages.",
           "Corrected records will be reissued electronically on the Official Document System of the "
           "United Nations (http://documents.un.org).",
           "17-29597 (E) *1729597*", "________________", "A/72/PV.14 21/09/2017",
           "general elections.",
           "Those elections gave the new Government a clear mandate for the reforms it had promised to "
           "the voters of every region, a charge for all the years of its term ahead.",
           "2/42 17-29597",
           "training for young workers and new schools in the countryside.");
}

Test(segment, lone_page_number_line, .description = "segment-4.4")
{
    EXPECT("4.4", "We ask the world\nto declare\n6\n\n\nitself opposed to war. Yes.",
           "We ask the world to declare", "6", "itself opposed to war.", "Yes.");
}

Test(segment, split_ordinal_and_numbers_in_text, .description = "segment-4.5")
{
    EXPECT("4.5", "At its sixty- eighth session, 15 young people\nspoke. 193 States agreed.",
           "At its sixty- eighth session, 15 young people spoke.", "193 States agreed.");
}

/* ---- segment-6: real passages of the UN General Debate corpus, read at test time (never
 * copied into the project). Each names a file, the byte range of the passage, what it shows,
 * and the sentence spans (read by hand against the codebook) that overlap the passage. */

struct real_passage {
    const char *id, *path;
    size_t start, end;
    const char *shows;
    size_t n;
    tt_span spans[10];
};

static const struct real_passage passages[] = {
    {"6.1", "2013/EST_68_2013.txt", 2104, 2664, "page footer wrapped over five lines cuts a sentence", 7, {{2033, 2160}, {2164, 2299}, {2300, 2364}, {2365, 2547}, {2548, 2634}, {2639, 2646}, {2647, 2705}}},
    {"6.2", "2017/GEO_72_2017.txt", 2671, 3013, "one-line footer, job number with bar code, underscores, symbol and date", 8, {{2670, 2800}, {2801, 2823}, {2824, 2840}, {2841, 2862}, {2863, 2881}, {2882, 2967}, {2968, 2994}, {2995, 3110}}},
    {"6.3", "2017/GEO_72_2017.txt", 7659, 7995, "underscores and date-symbol header in mid-sentence", 5, {{7588, 7731}, {7732, 7828}, {7829, 7845}, {7846, 7867}, {7868, 8021}}},
    {"6.4", "2006/AFG_61_2006.txt", 2194, 2505, "page and job number between whitespace-only lines", 5, {{2182, 2317}, {2318, 2357}, {2364, 2374}, {2378, 2412}, {2413, 2523}}},
    {"6.5", "2005/CYP_60_2005.txt", 588, 879, "job and page number splitting 'road map'", 4, {{483, 742}, {748, 759}, {763, 795}, {796, 1129}}},
    {"6.6", "2008/ROU_63_2008.txt", 13135, 13461, "record symbol line, then page and job number", 6, {{13078, 13221}, {13222, 13293}, {13295, 13305}, {13310, 13321}, {13325, 13413}, {13417, 13637}}},
    {"6.7", "2015/AFG_70_2015.txt", 787, 1101, "job number with page of pages, form feed, symbol and date", 5, {{475, 924}, {925, 936}, {937, 951}, {954, 975}, {976, 1125}}},
    {"6.8", "2016/KIR_71_2016.txt", 7666, 7985, "page of pages and job number glued to a text line", 4, {{7625, 7835}, {7836, 7850}, {7851, 7870}, {7871, 7997}}},
    {"6.9", "1992/ARG_47_1992.txt", 321, 609, "lone page number splitting 'Bosnia and Herzegovina'", 4, {{252, 411}, {412, 471}, {475, 477}, {479, 609}}},
    {"6.10", "1998/PRK_53_1998.txt", 14058, 14377, "lone page number and blank lines in mid-sentence", 4, {{13955, 14181}, {14182, 14228}, {14229, 14231}, {14234, 14429}}},
    {"6.11", "1993/AFG_48_1993.txt", 3375, 3716, "1993 running header, right page, year read as l993", 4, {{3332, 3544}, {3545, 3586}, {3587, 3594}, {3595, 3939}}},
    {"6.12", "1993/URY_48_1993.txt", 5142, 5464, "1993 running header, left page", 4, {{5071, 5291}, {5292, 5334}, {5335, 5356}, {5357, 5465}}},
    {"6.13", "1996/GMB_51_1996.txt", 4684, 5031, "page number, meeting and session headers of 1996", 7, {{4541, 4781}, {4782, 4830}, {4831, 4833}, {4834, 4871}, {4872, 4906}, {4907, 4986}, {4987, 5139}}},
    {"6.14", "2013/AFG_68_2013.txt", 3118, 3439, "form feed page break before a capital: a boundary", 3, {{3119, 3284}, {3290, 3371}, {3372, 3510}}},
    {"6.15", "1991/AFG_46_1991.txt", 381, 682, "bare CR line ends, one paragraph a line", 3, {{243, 394}, {395, 531}, {532, 756}}},
    {"6.16", "2020/DMA_75_2020.txt", 525, 930, "salutation lines in a paragraph-a-line file", 5, {{293, 584}, {585, 599}, {600, 897}, {898, 922}, {923, 1114}}},
    {"6.17", "2020/KNA_75_2020.txt", 10923, 11184, "U.N. ending a sentence before 'The'", 4, {{10831, 11003}, {11004, 11077}, {11078, 11180}, {11181, 11327}}},
    {"6.18", "1992/USA_47_1992.txt", 827, 1123, "chair note inserted in mid-sentence", 4, {{678, 942}, {943, 975}, {977, 1013}, {1016, 1132}}},
    {"6.19", "1998/LBY_53_1998.txt", 28313, 28581, "interpretation note in mid-sentence", 4, {{28142, 28438}, {28439, 28462}, {28463, 28481}, {28482, 28603}}},
    {"6.20", "2020/SWE_75_2020.txt", 5081, 5365, "2020 compilation markers: job, page of pages, symbol, date", 7, {{5076, 5144}, {5145, 5230}, {5231, 5239}, {5240, 5245}, {5246, 5260}, {5261, 5271}, {5272, 5366}}},
    {"6.21", "2024/RUS_79_2024.txt", 3964, 4257, "Markdown rules and a page heading", 5, {{3877, 4101}, {4103, 4106}, {4109, 4112}, {4114, 4137}, {4140, 4416}}},
    {"6.22", "2024/BLZ_79_2024.txt", 897, 1179, "'Check against delivery' running header in mid-sentence", 6, {{870, 934}, {935, 1026}, {1027, 1041}, {1047, 1069}, {1071, 1124}, {1125, 1192}}},
    {"6.23", "2016/ALB_71_2016.txt", 360, 654, "paragraph-a-line file, line broken in mid-sentence: joined", 2, {{155, 381}, {382, 671}}},
};

Test(segment, real_passages_with_artefacts, .description = "segment-6")
{
    th_need_corpus();
    seg_state *s = seg_new();
    for (size_t k = 0; k < sizeof passages / sizeof passages[0]; k++) {
        const struct real_passage *p = &passages[k];
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", th_corpus_root(), p->path);
        size_t len;
        char *t = th_read_file(path, &len);
        cr_assert_not_null(t, "segment-%s: %s missing", p->id, path);
        const tt_span *sp;
        size_t n;
        seg_run(s, t, len, &sp, &n);
        size_t got = 0;
        for (size_t i = 0; i < n; i++) {
            if (sp[i].end <= p->start || sp[i].start >= p->end)
                continue;
            cr_expect(got < p->n && sp[i].start == p->spans[got].start &&
                          sp[i].end == p->spans[got].end,
                      "segment-%s (%s, %s [%zu,%zu)): span %zu is [%zu,%zu), expected [%zu,%zu)",
                      p->id, p->shows, p->path, p->start, p->end, got + 1, sp[i].start, sp[i].end,
                      got < p->n ? p->spans[got].start : 0, got < p->n ? p->spans[got].end : 0);
            got++;
        }
        cr_expect_eq(got, p->n, "segment-%s (%s): %zu spans, expected %zu", p->id, p->shows, got, p->n);
        free(t);
    }
    seg_free(s);
}

/* ---- segment-5: the whole corpus, one year */

Test(segment, coverage_invariant_over_a_year, .description = "segment-5.1", .timeout = 120)
{
    th_need_corpus();
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/2013", th_corpus_root());
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    struct dirent *de;
    seg_state *s = seg_new();
    size_t files = 0, sentences = 0;
    while ((de = readdir(d))) {
        if (!strstr(de->d_name, ".txt"))
            continue;
        char path[8400];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len;
        char *t = th_read_file(path, &len);
        cr_assert_not_null(t, "%s", path);
        const tt_span *sp;
        size_t n;
        seg_run(s, t, len, &sp, &n);
        check_coverage(path, t, len, sp, n);
        cr_assert_gt(n, 10, "%s: only %zu sentences", path, n);
        files++;
        sentences += n;
        free(t);
    }
    closedir(d);
    seg_free(s);
    cr_expect_gt(files, 150, "2013 holds %zu speeches", files);
    cr_log_info("segment-5.1: %zu speeches of 2013, %zu sentences, coverage holds", files, sentences);
}
