# Instruments of international law and the UN processes that make or apply them.
"Charter of the United Nations"
"United Nations Charter"
"UN Charter"
"the Charter"
"Security Council resolution*"
"General Assembly resolution*"
"resolution 1373"
"resolution 2178"
"resolution 2396"
"resolution 2231"
"resolution 242"
"resolution 1540"
"sanctions regime*"
"sanctions committee*"
"Global Counter-Terrorism Strategy"
convention*
treaty
covenant*
protocol*
"Rome Statute"
"International Criminal Court"
"International Court of Justice"
"advisory opinion"
OEWG
"Open-ended Working Group"
GGE
"Group of Governmental Experts"
"Ad Hoc Committee"
"treaty negotiations"
"Universal Declaration of Human Rights"
NPT
"Non-Proliferation Treaty"
CTBT
"Comprehensive Nuclear-Test-Ban Treaty"
"Arms Trade Treaty"
"Chemical Weapons Convention"
"Biological Weapons Convention"
UNCLOS
"Law of the Sea"
