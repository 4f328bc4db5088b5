import { hazardIn, type Damage } from '../../services/nlu/damage';

// A fire or electrical hazard, liquid or broken glass: no guide fixes it, and a guide's steps
// (plug it in, switch it on, charge it) could do harm. The safe first steps, then a technician.
const HAZARD_ADVICE =
  "That can be dangerous. If there's a fire or someone is hurt, call the emergency services now; after an electric shock, get medical help if the person is hurt or feels unwell. If it's safe to, unplug it at the wall, and don't use or charge it again. Keep it away from anything that can burn, and don't press on a swollen battery. A technician should check it before it's used again.";
export const DAMAGE_ADVICE: Record<Damage, string> = {
  hazard: HAZARD_ADVICE,
  liquid:
    "Liquid inside a device can damage it for good if power runs through it. Turn it off now and unplug it, take off any case, and don't switch it on or charge it to test it. Dry the outside and leave it to dry, openings facing down, for at least 48 hours (no hair dryer, no rice). A technician should check it before you use it again.",
  impact:
    "A cracked or bent device needs a repair, which no guide can do. Until then, put clear tape over cracked glass so it can't cut you, and stop using it if it gets hot or the battery bulges.",
};
export const DAMAGE_DECLINED: Record<Damage, string> = {
  hazard: "OK. Please keep it unplugged and don't use it until it has been checked. Ask for a technician any time.",
  liquid: "OK. Please don't switch it on until it's dry and has been checked. Ask for a technician any time.",
  impact: 'OK. Ask for a technician any time to arrange the repair.',
};
/** "can i keep using it if its plugged in?" after the advice: a plain answer, since "finish work" weighs against a risk the user can't see. */
export const KEEP_USING_ANSWER: Record<Damage, string> = {
  hazard:
    "No, please stop using it now, even plugged in and even to finish something: a battery or part that is swollen, sparking, smoking or smells of burning can catch fire, and power running through it makes that more likely. Switch it off, keep it unplugged and away from anything that can burn, and don't press on a swollen battery. If you need files from it, a technician can get them off safely.",
  liquid:
    "No, please don't keep using it, even if it still works: liquid inside can short it out while power runs through it, and damage that could have been fixed becomes permanent. Switch it off, unplug it, don't charge it, and leave it to dry, openings facing down, for at least 48 hours. Then have it checked before you use it again.",
  impact:
    "You can keep using it carefully while it works: put clear tape over cracked glass so it can't cut you, and stop using it at once if it gets hot or the battery bulges. A technician can arrange the repair.",
};
/** For a danger asked about, not told ("can a laptop battery catch fire?"): when it is one, and what to do then. */
export const SAFETY_ANSWER =
  "Most devices are made to stay on or charge overnight, and getting warm while charging or working hard is normal. It's a real danger when there's smoke, sparks or a burning smell, the battery swells or bulges, or it gets too hot to hold. Then stop using it, unplug it at the wall if it's safe to, and don't charge a swollen battery; if there's a fire, call the emergency services. Use the charger that came with it, and charge it on a hard surface, not on a bed or under a pillow.";
/** The ticket's reason: for a hazard, which one ("Safety hazard: sparks"), so the technician knows before reading on. */
export function damageReason(damage: Damage, text: string): string {
  if (damage === 'hazard') return `Safety hazard: ${hazardIn(text) ?? 'fire or electrical'}`;
  return damage === 'liquid' ? 'Liquid damage' : 'Physical damage (cracked or bent)';
}

