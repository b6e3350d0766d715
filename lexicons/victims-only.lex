# Words that count the victims of violence: "women and children were killed".
"women and children"
"men, women and children"
killed
killing*
died
dead
victims
casualties
massacred
slaughtered
"lost their lives"
"losing their lives"
