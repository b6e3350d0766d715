# Institutions, resources and models of Internet governance named outright.
"Internet governance"
"governance of the Internet"
"management of the Internet"
"Internet management"
"key Internet resources"
"critical Internet resources"
"Internet Governance Forum"
IGF
ICANN
IANA
"root server*"
"domain name*"
"digital sovereignty"
"information sovereignty"
"cyber sovereignty"
"data localization"
"multi-stakeholder model"
"Internet shutdown*"
"network neutrality"         -- network neutrality: a principle of how the Internet is run ("net neutrality" is also carbon)
"neutrality of the web"
"neutrality of the Internet"
"Internet neutrality"
/\bdigital governance\b/     -- a governance of the digital space (D15); regexes, as governance and government share a stem
/\bgovernance of digital\b/
