# Claims about young people that count even among victims or kin.
protect*
educat*
school*
feed*
fed
right
vaccin*
malnutrition
hunger
mortality                   -- child mortality is a claim about children, not a count of victims (D12)
"fifth birthday"
"under five"
under-five
"as fighters"               -- children used in war
"children and armed conflict"
"recruitment of children"
"use of children"
"recruited as soldiers"      -- children used as fighters: a claim about children (D12)
"used as shields"
"child labour"              -- child labour and marriage: what is done to children as a group (D12)
"child marriage*"
"early marriage*"
"violence against children"
"abuse of children"
"exploitation of children"
"trafficking in children"
"under the age of five"      -- child mortality by another phrase (D12)
"needs of"                  -- the needs of children (dev: NER_76 "urgent needs ... in particular women and children" is youth)
abuse*                      -- children kept safe from abuse
"enough to eat"             -- feeding children (D12)
/\bchild(ren)? (\w+ ){0,3}orphaned\b/    -- children orphaned (by AIDS), a claim about them as a group (dev: IRL_58)
/\borphaned (\w+ ){0,3}children\b/
/\bage of (5|five)\b/        -- dying before the age of five: child mortality (D12)
/\bmarried as (a )?child(ren)?\b/   -- child marriage in other words (D21)
