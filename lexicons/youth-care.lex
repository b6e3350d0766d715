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
