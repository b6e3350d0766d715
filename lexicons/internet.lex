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
web
website*
"social media"
"social network*"
platform*                   -- a platform's content; "platform" in other senses is vetoed by context
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
"digital platforms"
