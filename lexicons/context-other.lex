# Pointers back to the sentence before, for the other themes.
"this aspect"
"this crime"
"such crimes"
"these crimes"
"this threat"
"this phenomenon"
"those processes"
