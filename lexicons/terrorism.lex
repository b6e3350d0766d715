# Words for terrorism, terrorists and the fight against them. A glob matches the word whole
# or as a part of a hyphenated word (anti-terrorist, counter-terrorism).
terror*                     -- terror, terrorism, terrorist(s), terrorize; counter-terrorism
counterterror*              -- written as one word
narcoterror*
antiterror*                 -- antiterrorism, antiterrorist written as one word
bioterror*                  -- bioterrorism
cyberterror*                -- cyberterrorism: terrorism by its means (codebook)
"foreign terrorist fighters"
"foreign fighters"          -- the codebook's travel of terrorists
"three evils"               -- the SCO's name for terrorism, separatism and extremism
"suicide bomber*"
"suicide attack*"
jihadis*                    -- jihadist(s), jihadism
"improvised explosive device*"
"suicide bombing*"
hostage-taking              -- a terrorist act of the UN conventions against terrorism
"taking of hostages"
/\bhijack\w*\s+(\w+\s+)?(aeroplanes?|airplanes?|planes?|aircraft|airliners?)\b/   -- hijacked aircraft
/\bblow\w* (themselves|himself|herself) up\b/   -- suicide bombing described
