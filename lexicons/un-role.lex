# The UN's central role in making norms.
"central role of the United Nations"
"central role of the UN"
"within the United Nations"
"within the UN"
"under the auspices of the United Nations"
"under UN auspices"
"UN-led"
"United Nations-led"
