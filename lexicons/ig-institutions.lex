# Institutions, resources and models of Internet governance named outright.
"Internet governance"
"governance of the Internet"
"management of the Internet"
"Internet management"
"key Internet resources"
"critical Internet resources"
"Internet Governance Forum"
IGF
WSIS
"World Summit on the Information Society"
ICANN
IANA
"root server*"
"domain name*"
"Internet freedom"
"digital sovereignty"
"information sovereignty"
"cyber sovereignty"
"data localization"
"cross-border data"
"data flows"
"free flow of data"
multistakeholder
"multi-stakeholder model"
"Internet shutdown*"
