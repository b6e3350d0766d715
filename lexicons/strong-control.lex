# Acts that are regulation or censorship whatever the distance to the Internet in the sentence.
regulat*                    -- regulate, regulation, regulatory
governance*                 -- a glob: the stem of governance is that of government
censor*
filter*
block*
shutdown*
"shut down"
jurisdiction
oversight
supervis*
disrupt*
curb*
sovereign*
