# Citrus fruit. One entry a line, the term syntax of rules; a note after " -- ".
lemon                -- matches lemon, lemons (stem)
lime*                -- a glob: lime, limes (and limestone: a glob is only a prefix)
"blood orange*"
=Clementine
"three citrus"
