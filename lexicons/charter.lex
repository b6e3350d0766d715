# The Charter of the United Nations.
"Charter of the United Nations"
"Charter of United Nations"
"United Nations Charter"
"UN Charter"
"the Charter"
