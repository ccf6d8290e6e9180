// The new-goal page (templates/coaching/goals/goal_form.html): show only the team or the agent
// field, following the "For" choice.
(() => {
  const form = document.getElementById("goal-form");
  if (!form) {
    return;
  }
  const sync = () => {
    const scope = form.querySelector("input[name=scope]:checked");
    const team = document.getElementById("div_id_team");
    const agent = document.getElementById("div_id_agent");
    if (!scope || !team || !agent) {
      return;
    }
    team.parentElement.hidden = scope.value !== "team";
    agent.parentElement.hidden = scope.value !== "agent";
  };
  form.addEventListener("change", sync);
  sync();
})();
