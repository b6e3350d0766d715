# Children and youth in other senses (codebook youth "No"; D12): idioms for humanity's future
# or for descendants, not claims about young people as a group. A veto of youth.people.
"children and grandchildren"      -- the future of humanity, like "future generations"
"children and our grandchildren"
"children of Abraham"             -- descendants in a religious sense
"fountain of youth"
