# Acts of governing, controlling or managing (close to the Internet: see the rule).
control*
restrict*
"limited access"
"take down"
"taken down"
removal
governing*                  -- globs: governing and government have one stem
=govern
