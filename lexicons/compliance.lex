# States complying with a text, or breaking it: what makes a resolution of any subject a
# question of law (D6). A veto's exception for the resolution rules, not a theme of its own.
comply
compliance
abide
violat*
breach*
ignor*
defiance
flout*
disregard*
