# Children as someone's family or the future, not young people as a group.
"our children"
"their children"
"my children"
"your children"
"own children"
"with children"
"raising children"
"his children"
"her children"
grandchildren
"their kids"
"our kids"
"my daughters"
