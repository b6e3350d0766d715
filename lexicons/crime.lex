# Crime and criminal justice words, for crime committed with ICT.
crime*
criminal*
fraud*
prosecut*
"criminal cases"
"law enforcement"
illegal
illicit
