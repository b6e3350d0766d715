# Climate and environment conventions named as venues or goals (codebook: none), unless their
# obligations are the subject.
"Conference of the Parties to the United Nations Framework Convention"
"Framework Convention on Climate Change"
"nationally determined contributions"
"Biological Diversity"
"Combat Desertification"
/\bCOP ?\d\d\b/c
Kyoto
