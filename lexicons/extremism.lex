# Violent extremism, separatism and radicalisation.
extremis*                   -- extremism, extremist(s); political extremism is vetoed in the rule
radicali*                   -- radicalization, radicalisation, radicalized
deradicali*
"de-radicalization"
separatis*                  -- separatism, separatist(s)
fanatic*                    -- fanaticism, fanatics: religious extremism feeding violence (D9)
