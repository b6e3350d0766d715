# Crime committed with ICT, and the fight against it.
cybercrim*                  -- cybercrime, cybercriminal(s)
"cyber crime*"
"cyber criminal*"
"computer crime*"
"computer-related crime*"
"crimes committed with"
"criminal purposes"
"digital piracy"
"online piracy"
"criminal use"
"online fraud"
"cyber fraud"
"Internet fraud"
hacker*
hacking
ransomware
phishing
"identity theft"
"child sexual abuse material"
"online child sexual exploitation"
"Budapest Convention"
"Convention on Cybercrime"
"dark web"
darknet
"cyber-enabled crime*"
