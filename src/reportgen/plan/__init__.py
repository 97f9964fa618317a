"""Plans made from plans: a lower committee's plan derived from its parent's."""
