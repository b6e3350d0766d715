# International law and the principles of state conduct, named.
"international law"
"international humanitarian law"
"international legal"
"international rule of law"
"international rules"
"international norms"
"universal norms"
"common rules"
"rules for responsible"
"rules of responsible"
"norms of responsible"
"responsible State behaviour"
"responsible behaviour of States"
"responsible conduct"
"norms, rules and principles"
"rules and principles"
"rules and standards"
"sovereign equality"
non-interference
non-intervention
"interference in the internal affairs"
"interference in internal affairs"
"interference in the affairs"
"external interference"
"foreign interference"
"non-use of force"
"threat or use of force"
"use or threat of force"
"peaceful settlement of disputes"
"peaceful resolution of disputes"
"right to self-determination"
"responsibility to protect"
"legally binding"
"binding instrument"
"international legal instrument"
"international legal document"
"universal instrument"
"in violation of"
"violation of international"
"international obligations"
"obligations under international law"
"unilateral coercive measures"
"coercive measures"
/\bunilateral(ly)? coercive (economic |trade |financial )?measures\b/   -- unilateral coercive (economic) measures (D6); "coercive economic measures" alone are effects
/\bcoercive unilateral (economic )?measures\b/
"pacta sunt servanda"        -- treaties bind the parties: a principle of international law
/\bprinciples? of (the )?(self-determination|sovereign equality|non-intervention|non-interference|non-use of force|non-aggression)\b/   -- a principle between states, named as one (D2); not good-neighbourliness or peaceful coexistence (vague)
/\binviolability of (the |its |their |sovereign |national |state |existing |international |internationally recogni[sz]ed )*(borders|frontiers|boundaries)\b/   -- territorial integrity by its other name
extraterritorial
"illegal occupation"
"illegal annexation"
"illegal sanctions"
/\bright\w*\W+(\w+\W+){0,8}self-?\s*determination/   -- the right, not the struggle or aspiration alone (D23)
/\bself-?\s*determination\W+(\w+\W+){0,5}\bright/
"humanitarian law"
/\bin (direct |flagrant |clear |blatant |gross )?\bviolations? of\b/   -- in (direct) violation of
"human rights obligations"
"legal obligation*"
"illegality of"
/\b(gross|flagrant|blatant|serious|grave) violations? of\b(?!\s+(the\s+)?(basic\s+|fundamental\s+)?(human\s+rights(?!\s+law)|rights\s+of)\b)/   -- a gross violation of (a convention, the law); of human rights alone is their value (D4)
unlawful*                   -- a claim about legality: unlawful resolution, unlawful activities
"illegally imposed"
"legal vacuum"              -- a gap in international law to be filled
"legal regulation*"
"legal norms"
"international commitments"
"humanitarian principles"
non-use                     -- of nuclear weapons, of force: a norm between states
"no-first-use"
"no first use"
/\bwithout (any )?(foreign |external |outside )?interference\b/   -- non-interference asserted
/\bnot (to )?interfere\b/                                          -- an obligation not to interfere
/\b(peaceful\w*|diplomatic\w*)(\W+\w+){0,5}\W+(resol|settl)\w*(\W+\w+){0,3}\W+\bdisputes\b/   -- peaceful settlement, in other words
/\b(resol|settl)\w* (of )?(\w+ ){0,2}\bdisputes (peacefully|by peaceful)/
/\bprinciples? of (the )?(\w+ (and )?)?(peaceful|negotiated|pacific) (resolution|settlement)\b/   -- the principle of the peaceful settlement of conflicts, named
"conduct of States"
/\bright\w* (of \w+ )?to (freely |independently )?(choose|determine|decide|make) (their|its) own\b/   -- sovereignty asserted
ratif*                      -- ratifying a treaty or convention (D1)
/\blegal(\W+\w+){0,4}\W+obligations?\b/                                -- a legal (and political) obligation
non-deployment              -- of missiles: an arms-control norm
/\b(cyberspace|cyber) law\b/                                     -- law for the information space
/\b(undermin|overthrow|topple|destabili[sz])\w*(\W+\w+){0,6}\W+\bgovernments? of (any|another|other)\b/   -- non-interference asserted
/\boccupation of (other|another|foreign)\b/
/\bborders?(\W+\w+){0,4}\W+redrawn\b/   -- territorial integrity asserted
/\bredraw\w*(\W+\w+){0,3}\W+borders?\b/
/\bequality (among|between|of) (all )?(States|countries)\b/   -- sovereign equality in other words
/\blimitation of (the )?(use of |threat of )?force\b/   -- the ban on force, named
/\bprohibition of (the )?(use of |threat of )?force\b/
/\brenunciation of (the )?(use of |threat of )?force\b/
