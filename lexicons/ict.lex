# Information and communication technologies as the means of a crime.
ICT
"information and communication technologies"
Internet
online
cyber*
website*
"social network*"
"social media"
digital
