# One person's own youth, or a person likened to a child (codebook youth "No"; D12: one
# individual, not young people as a group). A veto of youth.people that yields when the sentence
# also makes a claim about children as a group (@youth-care: "married as a child").
"in my youth"
"in his youth"
"in her youth"
/\bwhen (I|we) (was|were) (\w+ )?(a child|children|young|younger|a boy|a girl|a teenager|teenagers)\b/
/\b(time|days|years) of (my|his|her|our) youth\b/
/\b(I|he|she|my \w+) (was|am) (still )?a (child|teenager|student|schoolboy|schoolgirl|young (man|woman|boy|girl))\b/
/\b(as|like) a (child|teenager|student|schoolboy|schoolgirl|young (man|woman))\b/
