# Groups the United Nations lists as terrorist, by the names speeches use.
Daesh
Da'esh
ISIS
ISIL
/\bIslamic State\b(?!\s+of\s+(Afghanistan|Pakistan|Iran|Mauritania))(?<!\ban Islamic State)(?<!\bdemocratic Islamic State)(?<!\bmodern Islamic State)(?<!\bprogressive Islamic State)(?<!\btolerant Islamic State)(?<!\bfundamental Islamic State)/c   -- the group (ISIL); not a country's "Islamic State of Afghanistan", "a democratic Islamic State" or "Islamic States" (Muslim countries)
"Al-Qaida"
"Al Qaida"
"Al-Qaeda"
"Al Qaeda"
Qaida
Qaeda
"Boko Haram"
"Al-Shabaab"
"Al Shabaab"
Shabaab
"Jabhat al-Nusra"
"Nusra Front"
"Lashkar-e-Taiba"
"Jaish-e-Mohammed"
"Abu Sayyaf"
khawarij                    -- the name some speeches give ISIL's fighters
takfiri*
"Hayat Tahrir al-Sham"
"Jabhat Fatah al-Sham"
/\bbombers\b(?<!\bstrategic bombers)(?<!\bnuclear bombers)(?<!\bsuper-bombers)(?<!\bstealth bombers)(?<!\bheavy bombers)(?<!\bintercontinental bombers)(?<!\bits bombers)(?<!\bof bombers)(?! (armed with|over|off|and (fighter|submarine|missile)))/   -- people who set off bombs; not aircraft ("strategic bombers", "B-52 super-bombers")
Hamas                       -- named with its attacks and hostages; every gold mention is about its violence
Hizbullah
Hezbollah
"Hizbul Mujahideen"
"Hizbul Islam"
"Haqqani Network"
