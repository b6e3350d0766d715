# International law and the principles of state conduct, named.
"international law"
"international humanitarian law"
"international legal"
"rule of law at the international level"
"international rule of law"
"norms of responsible State behaviour"
"responsible State behaviour"
"responsible behaviour of States"
"international norms"
"universal norms"
"norms, rules and principles"
"rules and principles"
"code of conduct"
"territorial integrity"
"sovereign equality"
non-interference
non-intervention
"interference in the internal affairs"
"interference in internal affairs"
"non-use of force"
"use of force"
"threat or use of force"
"peaceful settlement of disputes"
"peaceful resolution of disputes"
"right to self-determination"
self-determination
"responsibility to protect"
"legally binding"
"binding instrument"
"international legal instrument"
"international legal document"
"universal instrument"
illegal
unlawful
legality*                   -- a glob: the stem of legality is that of legal
"in violation of"
"violation of international"
obligations
