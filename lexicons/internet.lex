# The Internet and the information space as objects of governance.
Internet
cyberspace
"cyber space"
"information space"
"digital space"
"information environment"
"information and communication technologies"
ICT
online
=Web                        -- the Web, capitalised; "a web of interests" is not the Internet
"web site*"
"web page*"
website*
"social media"
"social network*"
"online platform*"          -- a platform only as a service on the Internet: "a platform for dialogue",
"internet platform*"        -- "the Beijing Platform for Action" or a party's platform are not
"social platform*"
"media platform*"
"tech platform*"
"technology platform*"
"platform companies"
"Internet resources"
"digital technologies"
"digital arena"
"digital sphere"
"digital domain"
"worldwide web"
"world wide web"
"tech companies"
"technology companies"
"tech giants"
"digital platform*"
"online space"
