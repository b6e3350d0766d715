# Acts against (or for) the Charter and its principles.
violat*
breach*
contrary
circumvent*
undermin*
ignor*
flout*
"equal rights"
"use force"
uphold*
adher*
abide*
